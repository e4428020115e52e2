/**
 * The name a municipality goes by: "Avesta kommun". Gotland is the one municipality that is
 * also a region and calls itself "Region Gotland".
 */
export function municipalityDisplayName(listed: { code: string; name: string }): string {
  return listed.code === '0980' ? 'Region Gotland' : `${listed.name} kommun`;
}
