// How this app writes a value down, the same in main and in the page (which requires it with
// node integration): by its type, as structured clone keeps it.
function describe(value) {
  if (value instanceof Map) return `Map(${[...value].map(([k, v]) => `${describe(k)}=>${describe(v)}`).join(', ')})`;
  if (value instanceof Set) return `Set(${[...value].map(describe).join(', ')})`;
  if (value instanceof Date) return `Date(${value.toISOString()})`;
  if (value instanceof Uint8Array) return `Uint8Array(${[...value]})`;
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return String(value);
}

module.exports = describe;
