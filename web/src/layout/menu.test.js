import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { titleFor } from './menu.js'
import { routes } from '../router/index.js'
import { enumLabel, enumOptions } from '../i18n/enums.js'

const child = (name) => routes.find((r) => r.path === '/').children.find((c) => c.name === name)

describe('page titles and labels', () => {
  it('a page that is a menu item is called what the menu calls it', () => {
    // A school admin's projects are its school-based modules.
    expect(titleFor(child('projects'), 'school_admin')).toBe('menu.schoolModules')
    expect(titleFor(child('projects'), 'bureau_admin')).toBe('menu.projects')
    // Pages below a menu item keep their own title.
    expect(titleFor(child('project'), 'school_admin')).toBe('project.detail')
    expect(titleFor(child('home'), 'teacher')).toBe(null)
  })

  it('subjects have English labels from the server; other subjects stay as typed', () => {
    expect(enumLabel('subject', '数学', 'en')).toBe('Mathematics')
    expect(enumLabel('subject', '道德与法治', 'en')).toBe('Morality and law')
    expect(enumLabel('subject', '数学', 'zh-CN')).toBe('数学')
    expect(enumLabel('subject', '书法', 'en')).toBe('书法')
    expect(enumOptions('subject', 'en').length).toBeGreaterThan(10)
    expect(enumLabel('credit_grade', '合格', 'en')).toBe('Pass')
  })

  it('table cells break between words, links use the theme colour', () => {
    const css = fs.readFileSync(path.join(__dirname, '../styles.css'), 'utf8')
    const rule = /#app \.el-table \.cell\s*\{([^}]*)\}/.exec(css)
    expect(rule).not.toBeNull()
    expect(rule[1]).toMatch(/word-break:\s*normal/)
    expect(rule[1]).not.toMatch(/break-all|anywhere/)
    expect(css).toMatch(/#app a:not\(\.el-button\):not\(\.el-link\)\s*\{[^}]*color:\s*var\(--el-color-primary\)/)
  })
})
