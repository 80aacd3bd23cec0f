import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.js'
import en from './en.js'
import { enumLabel, enumOptions } from './enums.js'

export const LOCALES = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
]
const STORAGE_KEY = 'jj_locale'

function initialLocale() {
  try {
    const saved = globalThis.localStorage && localStorage.getItem(STORAGE_KEY)
    if (saved && LOCALES.some((l) => l.value === saved)) return saved
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function currentLocale() {
  return i18n.global.locale.value
}

export function setLocale(locale) {
  i18n.global.locale.value = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    /* ignore */
  }
  if (globalThis.document) document.documentElement.lang = locale
}

// Labels of server enumerations in the current locale.
export function enumText(kind, value) {
  return enumLabel(kind, value, currentLocale())
}
export function enumChoices(kind) {
  return enumOptions(kind, currentLocale())
}
