// The desk's numbers as the page shows them: rates, the trend, and one chart
// option per table (the chart and its table read the same rows).

// 达标率 in percent with one decimal, or null for no teachers.
export function rate(c) {
  if (!c || !c.teachers) return null
  return Math.round((c.passed / c.teachers) * 1000) / 10
}

// This year's rate minus last year's, in points (null when either is missing).
export function trend(o) {
  const now = rate(o && o.this_year)
  const before = rate(o && o.last_year)
  return now === null || before === null ? null : Math.round((now - before) * 10) / 10
}

// Schools with their rate, lowest first (where help is needed first).
export function schoolRows(o) {
  return ((o && o.schools) || [])
    .map((s) => ({ ...s, rate: rate(s) }))
    .sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0) || a.school.localeCompare(b.school, 'zh-CN'))
}

// A horizontal bar chart of rows: label(row) → value(row).
export function barOption(rows, label, value, { percent = false, max } = {}) {
  return {
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', max: percent ? 100 : max, axisLabel: percent ? { formatter: '{value}%' } : {} },
    yAxis: { type: 'category', inverse: true, data: rows.map(label) },
    series: [{ type: 'bar', data: rows.map(value), barMaxWidth: 18 }],
  }
}
