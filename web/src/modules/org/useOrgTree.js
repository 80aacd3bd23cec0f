import { ref } from 'vue'
import { orgApi } from './api.js'
import { useAuthStore } from '../auth/store.js'

// The actor's org tree (GET /orgs/tree), fetched once per signed-in user and
// shared by the pages and selects that need it. reload() after a change.
let cache = { userId: null, promise: null }

export function useOrgTree() {
  const auth = useAuthStore()
  const tree = ref([])
  const loading = ref(false)
  const error = ref(null)

  async function load(force = false) {
    const uid = auth.user ? auth.user.id : null
    if (force || cache.userId !== uid || !cache.promise) {
      cache = { userId: uid, promise: orgApi.tree() }
    }
    loading.value = true
    error.value = null
    try {
      tree.value = (await cache.promise) || []
    } catch (e) {
      cache = { userId: null, promise: null }
      error.value = e
    } finally {
      loading.value = false
    }
    return tree.value
  }

  load()
  return { tree, loading, error, reload: () => load(true) }
}

// Depth-first search for a node by id.
export function findOrg(nodes, id) {
  for (const n of nodes || []) {
    if (n.id === id) return n
    const hit = findOrg(n.children, id)
    if (hit) return hit
  }
  return null
}
