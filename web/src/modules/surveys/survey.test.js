import { describe, expect, it } from 'vitest'
import {
  answersBody,
  averagesOption,
  definitionBody,
  distributionCounts,
  distributionOption,
  emptyForm,
  formatAverage,
  formatRate,
  move,
  newQuestion,
  questionError,
  questionIndexOf,
  ratingQuestions,
  surveyPath,
  textQuestions,
} from './survey.js'

const QUESTIONS = [
  { id: 'q1', type: 'rating', title: '培训师水平', required: true, min: 1, max: 5 },
  { id: 'q2', type: 'text', title: '意见和建议', required: false, max_length: 1000 },
]

const RESULTS = {
  participants: 4,
  responses: 3,
  response_rate: 0.75,
  questions: [
    { ...QUESTIONS[0], answered: 3, average: 4.33, distribution: { 1: 0, 2: 0, 3: 0, 4: 2, 5: 1 } },
    { id: 'q3', type: 'rating', title: '组织管理', min: 1, max: 5, answered: 0, average: null, distribution: {} },
    { ...QUESTIONS[1], answered: 1, texts: ['很好'] },
  ],
}

const labels = { average: '平均分', score: (s) => `${s}分` }

describe('the answer form', () => {
  it('starts empty and sends only what was answered', () => {
    const form = emptyForm(QUESTIONS)
    expect(form).toEqual({ q1: null, q2: '' })
    expect(answersBody(QUESTIONS, form)).toEqual({})
    expect(answersBody(QUESTIONS, { q1: 4, q2: '  ' })).toEqual({ q1: 4 })
    expect(answersBody(QUESTIONS, { q1: '5', q2: ' 多安排观摩 ' })).toEqual({ q1: 5, q2: ' 多安排观摩 ' })
    // el-rate reports 0 when cleared: not an answer
    expect(answersBody(QUESTIONS, { q1: 0, q2: '' })).toEqual({})
  })

  it('puts a server error beside its question, or at the page', () => {
    expect(questionError({ field: 'q1', message: '第 1 题为必答题' }, QUESTIONS)).toEqual({ q1: '第 1 题为必答题' })
    expect(questionError({ field: 'answers', message: 'x' }, QUESTIONS)).toBeNull()
    expect(questionError({ message: 'x' }, QUESTIONS)).toBeNull()
    expect(questionError(null, QUESTIONS)).toBeNull()
  })

  it('builds page paths', () => {
    expect(surveyPath(12, 'needs')).toBe('/surveys/12/needs')
    expect(surveyPath(12, 'satisfaction', 'results')).toBe('/surveys/12/satisfaction/results')
  })
})

describe('results', () => {
  it('formats rates and averages, with a dash for none', () => {
    expect(formatRate(0.75)).toBe('75.0%')
    expect(formatRate(1)).toBe('100.0%')
    expect(formatRate(null)).toBe('—')
    expect(formatAverage(4.333)).toBe('4.33')
    expect(formatAverage(null)).toBe('—')
  })

  it('splits rating and text questions and reads distributions in score order', () => {
    expect(ratingQuestions(RESULTS).map((q) => q.id)).toEqual(['q1', 'q3'])
    expect(textQuestions(RESULTS).map((q) => q.id)).toEqual(['q2'])
    expect(distributionCounts(RESULTS.questions[0])).toEqual([0, 0, 0, 2, 1])
    expect(distributionCounts(RESULTS.questions[1])).toEqual([0, 0, 0, 0, 0])
    expect(ratingQuestions(null)).toEqual([])
  })

  it('charts averages (0 for none, labelled with a dash)', () => {
    const o = averagesOption(RESULTS, labels)
    expect(o.yAxis.data).toEqual(['培训师水平', '组织管理'])
    expect(o.series[0].data).toEqual([4.33, 0])
    expect(o.series[0].label.formatter({ dataIndex: 1 })).toBe('—')
    expect(o.xAxis.max).toBe(5)
  })

  it('charts the distribution as one stacked series per score', () => {
    const o = distributionOption(RESULTS, labels)
    expect(o.series.map((s) => s.name)).toEqual(['1分', '2分', '3分', '4分', '5分'])
    expect(o.series[3].data).toEqual([2, 0])
    expect(o.series[4].data).toEqual([1, 0])
    expect(new Set(o.series.map((s) => s.stack))).toEqual(new Set(['scores']))
    expect(distributionOption({ questions: [] }, labels).series).toHaveLength(5)
  })
})

describe('the question editor', () => {
  it('adds questions with the server defaults and sends only the accepted fields', () => {
    expect(newQuestion('rating')).toEqual({ id: '', type: 'rating', title: '', required: true })
    expect(newQuestion('text').required).toBe(false)
    const body = definitionBody([...QUESTIONS, { ...newQuestion('text'), title: '新题' }])
    expect(body.questions).toEqual([
      { id: 'q1', type: 'rating', title: '培训师水平', required: true },
      { id: 'q2', type: 'text', title: '意见和建议', required: false },
      { type: 'text', title: '新题', required: false },
    ])
  })

  it('moves questions within bounds without changing the original', () => {
    const list = ['a', 'b', 'c']
    expect(move(list, 0, 1)).toEqual(['b', 'a', 'c'])
    expect(move(list, 2, -1)).toEqual(['a', 'c', 'b'])
    expect(move(list, 0, -1)).toEqual(['a', 'b', 'c'])
    expect(move(list, 2, 1)).toEqual(['a', 'b', 'c'])
    expect(list).toEqual(['a', 'b', 'c'])
  })

  it('finds the editor row of a server error', () => {
    expect(questionIndexOf('questions[2].title')).toBe(2)
    expect(questionIndexOf('questions[0]')).toBe(0)
    expect(questionIndexOf('questions')).toBe(-1)
    expect(questionIndexOf(null)).toBe(-1)
  })
})
