import { describe, expect, it } from 'vitest'
import { changedFields, createBody, emptyTeacher, toFormValues } from './form.js'

const teacher = {
  id: 7,
  name: '王芳',
  id_number: '11010519491231002X',
  sex: '女',
  birth_date: '1949-12-31',
  ethnicity: '汉族',
  phone: '13800001111',
  org_id: 3,
  org_name: '实验小学',
  stage: '小学',
  subject: '语文',
  title: null,
  posts: ['班主任', '教师'],
  hire_date: '2020-09-01',
  cert_number: null,
  rural: true,
  status: '在职',
  backbone_level: '无',
  is_new_teacher: false,
}

describe('teacher form', () => {
  it('finds no change in an untouched form', () => {
    expect(changedFields(teacher, toFormValues(teacher))).toEqual({})
  })

  it('returns only the changed fields', () => {
    const form = toFormValues(teacher)
    form.phone = '13911112222'
    form.posts = ['教师', '班主任'] // same set, other order
    form.title = '' // null before
    expect(changedFields(teacher, form)).toEqual({ phone: '13911112222' })
    form.posts = ['教师']
    form.id_number = ' 110105194912310029 '
    expect(changedFields(teacher, form)).toEqual({
      phone: '13911112222',
      posts: ['教师'],
      id_number: '110105194912310029',
    })
  })

  it('never sends derived fields', () => {
    const form = toFormValues(teacher)
    form.sex = '男'
    form.birth_date = '2000-01-01'
    form.rural = false
    form.is_new_teacher = true
    form.org_id = 99
    expect(changedFields(teacher, form)).toEqual({})
  })

  it('builds a create body of the filled fields', () => {
    const body = createBody({ ...emptyTeacher(), name: ' 李雷 ', id_number: '110105194912310029', org_id: 4, stage: '初中' })
    expect(body).toEqual({
      name: '李雷',
      id_number: '110105194912310029',
      ethnicity: '汉族',
      org_id: 4,
      stage: '初中',
      status: '在职',
      backbone_level: '无',
    })
  })
})
