const BASE_SUFFIX = '-0000-1000-8000-00805f9b34fb';
const FULL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHORT = /^(0x)?[0-9a-f]{4}$/;

/** Expands 16-bit SIG UUIDs ("180f") to the 128-bit form Web Bluetooth reports, lower case. */
export function canonicalUuid(uuid: string): string | null {
  const lower = uuid.trim().toLowerCase();
  if (FULL.test(lower)) return lower;
  if (SHORT.test(lower)) return `0000${lower.replace(/^0x/, '')}${BASE_SUFFIX}`;
  return null;
}

export function isUuid(uuid: string): boolean {
  return canonicalUuid(uuid) !== null;
}

/** The standard GATT services and characteristics Easeback reads, as Web Bluetooth reports them. */
export const SIG = {
  batteryService: '0000180f-0000-1000-8000-00805f9b34fb',
  batteryLevel: '00002a19-0000-1000-8000-00805f9b34fb',
  deviceInformationService: '0000180a-0000-1000-8000-00805f9b34fb',
  modelNumber: '00002a24-0000-1000-8000-00805f9b34fb',
  firmwareRevision: '00002a26-0000-1000-8000-00805f9b34fb',
  manufacturerName: '00002a29-0000-1000-8000-00805f9b34fb',
  healthThermometerService: '00001809-0000-1000-8000-00805f9b34fb',
  temperatureMeasurement: '00002a1c-0000-1000-8000-00805f9b34fb',
  clientCharacteristicConfiguration: '00002902-0000-1000-8000-00805f9b34fb',
} as const;
