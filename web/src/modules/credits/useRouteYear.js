import { ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { yearFromQuery } from './format.js'

// The page's year, kept in the URL (?year=2025) so a reload or a shared link
// shows the same year; the current year by default.
export function useRouteYear() {
  const route = useRoute()
  const router = useRouter()
  const year = ref(yearFromQuery(route.query.year))
  watch(year, (y) => router.replace({ query: { ...route.query, year: String(y) } }))
  return year
}
