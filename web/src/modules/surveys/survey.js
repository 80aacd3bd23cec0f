// Non-visual helpers of the survey pages. The server decides every rule
// (required questions, the 1–5 range, text limits); these only arrange the
// form, the server's errors and the results for display.

export const KINDS = ['needs', 'satisfaction']

// The path of a survey's pages.
export function surveyPath(projectId, kind, page = '') {
  return `/surveys/${projectId}/${kind}${page ? '/' + page : ''}`
}

// An empty answer form for a definition: {question id: null | ''}.
export function emptyForm(questions) {
  const form = {}
  for (const q of questions || []) form[q.id] = q.type === 'rating' ? null : ''
  return form
}

// The form → the answers object of POST …/answers: unanswered ratings and
// blank texts are left out (the server says which of them were required).
export function answersBody(questions, form) {
  const answers = {}
  for (const q of questions || []) {
    const v = form[q.id]
    if (q.type === 'rating') {
      if (v !== null && v !== undefined && v !== '' && v !== 0) answers[q.id] = Number(v)
    } else if (typeof v === 'string' && v.trim() !== '') {
      answers[q.id] = v
    }
  }
  return answers
}

// A server error → {question id: message} when it names a question of the
// survey, else null (shown as a page-level error).
export function questionError(error, questions) {
  if (!error || !error.field) return null
  const ids = new Set((questions || []).map((q) => q.id))
  return ids.has(error.field) ? { [error.field]: error.message } : null
}

// Response rate 0.75 → "75.0%"; none (no participants) → "—".
export function formatRate(rate) {
  if (rate === null || rate === undefined || !Number.isFinite(Number(rate))) return '—'
  return (Number(rate) * 100).toFixed(1) + '%'
}

// An average 4.333 → "4.33"; none → "—".
export function formatAverage(v) {
  if (v === null || v === undefined || !Number.isFinite(Number(v))) return '—'
  return Number(v).toFixed(2)
}

// The rating questions of a results document.
export function ratingQuestions(results) {
  return ((results && results.questions) || []).filter((q) => q.type === 'rating')
}

// The text questions that have answers.
export function textQuestions(results) {
  return ((results && results.questions) || []).filter((q) => q.type === 'text')
}

// Counts of 1..max of a rating question's distribution, in order.
export function distributionCounts(q) {
  const max = (q && q.max) || 5
  const min = (q && q.min) || 1
  const out = []
  for (let v = min; v <= max; v++) out.push(Number((q.distribution || {})[String(v)]) || 0)
  return out
}

// ECharts option: the average of each rating question, as horizontal bars.
export function averagesOption(results, labels) {
  const qs = ratingQuestions(results)
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 5, interval: 1 },
    yAxis: { type: 'category', inverse: true, data: qs.map((q) => q.title), axisLabel: { width: 220, overflow: 'truncate' } },
    series: [
      {
        name: labels.average,
        type: 'bar',
        data: qs.map((q) => (q.average === null || q.average === undefined ? 0 : q.average)),
        label: { show: true, position: 'right', formatter: (p) => formatAverage(qs[p.dataIndex].average) },
        barMaxWidth: 22,
      },
    ],
  }
}

// ECharts option: how many gave each score, per rating question, as stacked bars.
export function distributionOption(results, labels) {
  const qs = ratingQuestions(results)
  const scores = qs.length ? distributionCounts(qs[0]).map((_, i) => i + ((qs[0].min) || 1)) : [1, 2, 3, 4, 5]
  const colors = ['#f56c6c', '#e6a23c', '#c0c4cc', '#95d475', '#67c23a']
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: qs.map((q) => q.title), axisLabel: { width: 220, overflow: 'truncate' } },
    series: scores.map((s, i) => ({
      name: labels.score(s),
      type: 'bar',
      stack: 'scores',
      color: colors[i % colors.length],
      data: qs.map((q) => distributionCounts(q)[i]),
      barMaxWidth: 22,
    })),
  }
}

// ---------------------------------------------------------------- editing

// A new question for the editor (the server assigns the id when it is blank).
export function newQuestion(type) {
  return { id: '', type, title: '', required: type === 'rating' }
}

// The editor's list → the body of PUT (only the fields the server takes).
export function definitionBody(questions) {
  return {
    questions: (questions || []).map((q) => {
      const out = { type: q.type, title: q.title, required: !!q.required }
      if (q.id) out.id = q.id
      return out
    }),
  }
}

// Moves item i by delta (−1 up, +1 down) in a copy of the list.
export function move(list, i, delta) {
  const j = i + delta
  if (j < 0 || j >= list.length) return list.slice()
  const out = list.slice()
  ;[out[i], out[j]] = [out[j], out[i]]
  return out
}

// "questions[2].title" → 2 (the editor row of a server error), else -1.
export function questionIndexOf(field) {
  const m = /^questions\[(\d+)\]/.exec(field || '')
  return m ? Number(m[1]) : -1
}
