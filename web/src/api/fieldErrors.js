// Server errors under the form fields they name.
//
// showFieldErrors(errors, e, toKey): puts the message of every field the
// server named (e.fields, else e.field) into `errors` (a reactive object of
// form key → message); `toKey` maps a server field path to a form key (null:
// not a field of this form). Returns the messages that belong to no field.
//
// clearErrorsOnEdit(form, errors, alias): once a field is edited, its message
// goes (a 必填 mark must not stay under a field filled since the failed save);
// `alias` names extra error keys a form key owns ({ date: ['end_date'] }).
import { watch } from 'vue'

export function showFieldErrors(errors, e, toKey = (f) => f) {
  const list = e && Array.isArray(e.fields) && e.fields.length ? e.fields : e && e.field ? [{ field: e.field, message: e.message }] : []
  const unplaced = []
  for (const { field, message } of list) {
    const key = toKey(field)
    if (key != null && !(key in errors && errors[key])) errors[key] = message
    else if (key == null) unplaced.push(message)
  }
  if (!list.length && e) unplaced.push(e.message)
  return unplaced
}

export function clearErrorsOnEdit(form, errors, alias = {}) {
  const stops = Object.keys(form).map((key) =>
    watch(
      () => form[key],
      () => {
        delete errors[key]
        for (const k of alias[key] || []) delete errors[k]
      },
      { deep: true, flush: 'sync' },
    ),
  )
  return () => stops.forEach((s) => s())
}
