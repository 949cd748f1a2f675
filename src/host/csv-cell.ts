/**
 * One CSV cell, for every CSV Userdeck writes (user exports, job reports). Names, labels and reasons
 * come from whoever signed up, and a spreadsheet runs a cell that starts with = + - @ as a formula
 * (some strip a leading tab or carriage return first, then run the rest). Such a value gets a leading
 * apostrophe, which spreadsheets take as "text" and do not show; the value itself is kept whole.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe
}
