/*
 * Availability zones per region, chosen without asking AWS: a synth must
 * never need credentials or network. Names are the letters every account
 * sees in these regions; a region missing here is an error, not a lookup.
 */
export const REGION_AZ_LETTERS: Record<string, string> = {
  'us-east-1': 'abcdef',
  'us-east-2': 'abc',
  'us-west-2': 'abcd',
  'ca-central-1': 'abd',
  'eu-west-1': 'abc',
  'eu-west-2': 'abc',
  'eu-west-3': 'abc',
  'eu-central-1': 'abc',
  'eu-north-1': 'abc',
  'eu-south-1': 'abc',
  'ap-south-1': 'abc',
  'ap-southeast-1': 'abc',
  'ap-southeast-2': 'abc',
  'ap-northeast-1': 'acd',
  'ap-northeast-2': 'abcd',
  'sa-east-1': 'abc',
};

export const REGIONS = Object.keys(REGION_AZ_LETTERS);

/** The first `count` AZ names of a known region. */
export function zoneNames(region: string, count: number): string[] {
  return [...REGION_AZ_LETTERS[region]].slice(0, count).map((l) => region + l);
}

/**
 * The highest monthly availability an AZ count supports in one region:
 * 2 AZs survive one zone's loss but not a second fault during recovery.
 * requirements.availability >= 99.95 therefore asks for 3.
 */
export const MAX_AVAILABILITY_BY_AZS: Record<number, number> = { 2: 99.9, 3: 99.99 };

export function azCountFor(availability: number): number {
  return availability >= 99.95 ? 3 : 2;
}
