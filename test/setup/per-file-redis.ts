/**
 * Each test file gets Redis keys of its own under the run's prefix, as it gets a database of its
 * own: queues and counters cannot leak from one file into the next. Shared, the login rate limit
 * per address (10 a minute) counted the demo manager's sign-ins of one file into the next one's,
 * and a login near the end of the second file answered 429.
 */
process.env.REDIS_KEY_PREFIX = `${process.env.TEST_REDIS_KEY_PREFIX}_${Math.random().toString(36).slice(2, 6)}`;
