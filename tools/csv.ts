// One CSV row, quoted only where needed (RFC 4180).
export const csvRow = (cells: Array<string | number>) =>
  cells.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',');
