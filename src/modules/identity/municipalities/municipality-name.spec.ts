import { municipalityDisplayName } from './municipality-name';

describe('municipalityDisplayName', () => {
  it('adds "kommun" to the name in SCB\'s list', () => {
    expect(municipalityDisplayName({ code: '2084', name: 'Avesta' })).toBe('Avesta kommun');
    expect(municipalityDisplayName({ code: '0114', name: 'Upplands Väsby' })).toBe('Upplands Väsby kommun');
  });

  it('calls Gotland a region', () => {
    expect(municipalityDisplayName({ code: '0980', name: 'Gotland' })).toBe('Region Gotland');
  });
});
