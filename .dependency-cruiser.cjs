// Module boundaries (CONVENTIONS.md, "Layout" and habit 4), checked by `npm run depcheck` in CI.
// A module's entities and repositories are its own: others call its exported services, which
// answer in views. Entities may name other modules' entities, because a foreign key is schema.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circular import is a bug (CONVENTIONS.md): no forwardRef, no cycles.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-foreign-entities-or-repositories',
      severity: 'error',
      comment: "Another module's tables are read through its exported services, never its entities or repositories.",
      from: { path: '^src/modules/([^/]+)/', pathNot: '\\.entity\\.ts$' },
      to: { path: '^src/modules/([^/]+)/.+\\.(entity|repository)\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'no-foreign-entities-from-entities-except-relations',
      severity: 'error',
      comment: "An entity may name another module's entity for a relation, but never its repository.",
      from: { path: '^src/modules/([^/]+)/.+\\.entity\\.ts$' },
      to: { path: '^src/modules/([^/]+)/.+\\.repository\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'pages-use-services',
      severity: 'error',
      comment: 'Pages call the same services the API calls; they never query tables themselves.',
      from: { path: '^src/web/' },
      to: { path: '^src/modules/[^/]+/.+\\.(entity|repository)\\.ts$' },
    },
    {
      name: 'audit-and-mail-know-no-feature',
      severity: 'error',
      comment: 'Every feature may call audit and mail; they import no feature.',
      from: { path: '^src/modules/(audit|mail)/' },
      to: { path: '^src/modules/', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'identity-depends-on-audit-only',
      severity: 'error',
      comment: 'identity <- evaluations <- action-plans <- digests: identity is at the bottom.',
      from: { path: '^src/modules/identity/' },
      to: { path: '^src/modules/(evaluations|action-plans|follow-up|digests|notifications|mail)/' },
    },
    {
      name: 'evaluations-know-no-plans',
      severity: 'error',
      comment: 'Evaluations know nothing of plans, follow-up or digests (follow-up registers a publish listener).',
      from: { path: '^src/modules/evaluations/' },
      to: { path: '^src/modules/(action-plans|follow-up|digests|mail)/' },
    },
    {
      name: 'action-plans-know-no-consumers',
      severity: 'error',
      comment: 'Action plans are read by follow-up and digests, never the other way round.',
      from: { path: '^src/modules/action-plans/' },
      to: { path: '^src/modules/(follow-up|digests|notifications)/' },
    },
    {
      name: 'modules-ignore-entry-points',
      severity: 'error',
      comment: 'Modules do not import the commands, the pages or the app module.',
      // A unit spec may check what a command ships (the demo password passes the policy).
      from: { path: '^src/modules/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/(cli|web)/|^src/(app\\.module|main|worker|cli|http-app)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|var)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
