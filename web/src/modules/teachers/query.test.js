import { describe, expect, it } from 'vitest'
import {
  exportQuery,
  buildTeacherQuery,
  defaultListState,
  routeQueryFromState,
  sortParam,
  stateFromRouteQuery,
  tableSort,
  teacherQueryString,
} from './query.js'

describe('teacher list query building', () => {
  it('defaults to page 1, 20 rows, no filters, no sort', () => {
    expect(teacherQueryString(defaultListState())).toBe('page=1&page_size=20')
  })

  it('puts filters, sort and page into the query string', () => {
    const state = {
      filters: {
        org_id: 12,
        stage: '小学',
        subject: '数学',
        title: '一级教师',
        status: '在职',
        backbone_level: '县级',
        q: '  王  ',
      },
      sort: '-birth_date',
      page: 3,
      page_size: 50,
    }
    expect(buildTeacherQuery(state)).toEqual({
      page: 3,
      page_size: 50,
      org_id: 12,
      stage: '小学',
      subject: '数学',
      title: '一级教师',
      status: '在职',
      backbone_level: '县级',
      q: '王',
      sort: '-birth_date',
    })
    const qs = new URLSearchParams(teacherQueryString(state))
    expect([...qs.entries()]).toEqual([
      ['page', '3'],
      ['page_size', '50'],
      ['org_id', '12'],
      ['stage', '小学'],
      ['subject', '数学'],
      ['title', '一级教师'],
      ['status', '在职'],
      ['backbone_level', '县级'],
      ['q', '王'],
      ['sort', '-birth_date'],
    ])
  })

  it('leaves out empty filters and whitespace-only search', () => {
    const state = defaultListState()
    state.filters.stage = ''
    state.filters.q = '   '
    state.filters.org_id = null
    state.filters.status = '退休'
    expect(teacherQueryString(state)).toBe('page=1&page_size=20&status=%E9%80%80%E4%BC%91')
  })

  it('never sends an unknown sort key', () => {
    const state = { ...defaultListState(), sort: 'salary' }
    expect(buildTeacherQuery(state).sort).toBeUndefined()
  })

  it('maps el-table sort-change to the API sort value', () => {
    expect(sortParam('name', 'ascending')).toBe('name')
    expect(sortParam('hire_date', 'descending')).toBe('-hire_date')
    expect(sortParam('birth_date', null)).toBe('')
    expect(sortParam('phone', 'ascending')).toBe('')
    expect(tableSort('-hire_date')).toEqual({ prop: 'hire_date', order: 'descending' })
    expect(tableSort('name')).toEqual({ prop: 'name', order: 'ascending' })
    expect(tableSort('')).toEqual({})
  })

  it('round-trips through the route query', () => {
    const state = {
      filters: { org_id: 5, stage: '初中', subject: '', title: '', status: '', backbone_level: '', q: '李' },
      sort: 'name',
      page: 2,
      page_size: 10,
    }
    const rq = routeQueryFromState(state)
    expect(rq).toEqual({ page: '2', page_size: '10', org_id: '5', stage: '初中', q: '李', sort: 'name' })
    expect(stateFromRouteQuery(rq)).toEqual(state)
  })

  it('leaves defaults out of the route query and repairs junk from it', () => {
    expect(routeQueryFromState(defaultListState())).toEqual({})
    const s = stateFromRouteQuery({ page: '-4', page_size: '7', org_id: 'abc', sort: 'drop table', stage: ['高中', '初中'] })
    expect(s.page).toBe(1)
    expect(s.page_size).toBe(20)
    expect(s.filters.org_id).toBeNull()
    expect(s.sort).toBe('')
    expect(s.filters.stage).toBe('高中')
  })
})

describe('exportQuery', () => {
  it('carries the filters and sort of the list, not the page, plus the format', () => {
    const state = {
      filters: { org_id: 5, stage: '小学', subject: '', title: '', status: '', backbone_level: '', q: ' 张 ' },
      sort: '-hire_date',
      page: 3,
      page_size: 50,
    }
    expect(exportQuery(state, 'csv')).toEqual({ format: 'csv', org_id: 5, stage: '小学', q: '张', sort: '-hire_date' })
    expect(exportQuery(state, 'nonsense').format).toBe('xlsx')
  })
})
