package avaratest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"unicode/utf8"
)

// Error types sent in the "type" field of an error body.
const (
	typeInvalidRequest = "invalid_request_error"
	typeAuthentication = "authentication_error"
	typePermission     = "permission_error"
	typeNotFound       = "not_found_error"
	typeConflict       = "conflict_error"
	typeIdempotency    = "idempotency_error"
	typeRateLimit      = "rate_limit_error"
	typeAPI            = "api_error"
)

// apiError is an error answer before it is encoded. The handler code returns
// these instead of writing, so one place decides how every error looks.
type apiError struct {
	status  int
	typ     string
	message string
	param   string
	// noRetry adds "x-should-retry: false": business conflicts do not get
	// better by retrying, and the header tells the SDK not to try.
	noRetry bool
	header  http.Header
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	Param   string `json:"param,omitempty"`
}

func (e *apiError) response() *response {
	body, err := json.Marshal(errorBody{Error: errorDetail{Type: e.typ, Message: e.message, Param: e.param}})
	if err != nil {
		// Only strings are marshalled, and encoding/json replaces invalid
		// UTF-8, so this cannot happen; answer valid JSON regardless.
		body = []byte(`{"error":{"type":"api_error","message":"internal error"}}`)
	}
	h := http.Header{}
	for k, v := range e.header {
		h[k] = v
	}
	if e.noRetry {
		h.Set("X-Should-Retry", "false")
	}
	return &response{status: e.status, header: h, body: body}
}

func invalid(param, format string, args ...any) *apiError {
	return &apiError{
		status:  http.StatusBadRequest,
		typ:     typeInvalidRequest,
		message: param + ": " + fmt.Sprintf(format, args...),
		param:   param,
	}
}

// typeForStatus picks the error type an injected fault reports, so that an
// injected 429 looks like a real rate limit to the code under test.
func typeForStatus(status int) string {
	switch {
	case status == http.StatusUnauthorized:
		return typeAuthentication
	case status == http.StatusForbidden:
		return typePermission
	case status == http.StatusNotFound:
		return typeNotFound
	case status == http.StatusConflict:
		return typeConflict
	case status == http.StatusTooManyRequests:
		return typeRateLimit
	case status >= 500:
		return typeAPI
	default:
		return typeInvalidRequest
	}
}

// clip shortens caller-supplied text quoted back in messages, so a 1 MiB
// field name does not become a 1 MiB error body.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
