package server

import (
	"encoding/json"
	"net/http"
)

// maxJSONDepth is the deepest nesting of arrays and objects a request body may have.
const maxJSONDepth = 64

// writeJSON sends v as the JSON body of a response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// tooDeep reports whether body nests arrays and objects deeper than
// maxJSONDepth. It scans bytes only, so it stops at the first level too many
// without building anything; brackets inside strings are skipped.
func tooDeep(body []byte) bool {
	depth := 0
	inString, escaped := false, false
	for _, c := range body {
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString && c == '"':
			inString = false
		case inString:
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > maxJSONDepth {
				return true
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return false
}
