// The candidates' shortfall column: its unit is the one the server says the
// amounts are in (shortfall_unit: credits or hours), never assumed.
export function shortfallUnitKey(candidates) {
  const unit = candidates && candidates.length ? candidates[0].shortfall_unit : 'credits'
  return unit === 'hours' ? 'project.nominate.unitHours' : 'project.nominate.unitCredits'
}

// "3.5" for credits and hours alike (one decimal, as the server rounds).
export function fmtShortfall(v) {
  const n = Number(v)
  return Number.isFinite(n) ? n.toFixed(1) : ''
}
