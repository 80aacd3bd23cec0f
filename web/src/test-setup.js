// Every unit test sees the vocabularies the server serves (a copy the
// server's own test keeps current: server/src/app/vocabularies_test.cc).
import { setVocabularies } from './i18n/enums.js'
import vocabularies from './i18n/vocabularies.fixture.json'

setVocabularies(vocabularies)
