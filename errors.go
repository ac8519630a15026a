package avara

import (
	"github.com/avara/avara-go/internal/apierror"
	"github.com/avara/avara-go/internal/requestconfig"
)

// Error is a non-2xx answer from the API. Reach it with errors.As; classify
// it with errors.Is and the Err… sentinels below.
//
//	var apiErr *avara.Error
//	if errors.As(err, &apiErr) {
//		log.Println(apiErr.StatusCode, apiErr.Message, apiErr.RequestID)
//	}
type Error = apierror.Error

// RequestError is a call that failed without a usable HTTP answer: the
// connection failed on every attempt, the context ended, or a 2xx body could
// not be decoded. It wraps the cause, so errors.Is(err, context.Canceled)
// and errors.Is(err, ErrInvalidResponse) work.
type RequestError = requestconfig.RequestError

// Sentinels that errors.Is matches against an *Error by status code.
var (
	ErrBadRequest   = apierror.ErrBadRequest   // 400 or 422: the request broke a rule; see Error.Param
	ErrUnauthorized = apierror.ErrUnauthorized // 401: missing or wrong API key
	ErrForbidden    = apierror.ErrForbidden    // 403: the key may not do this
	ErrNotFound     = apierror.ErrNotFound     // 404: no such customer, or the user is not a member
	ErrConflict     = apierror.ErrConflict     // 409: for example a deactivated customer
	ErrRateLimited  = apierror.ErrRateLimited  // 429: retried automatically before it reaches you
	ErrServer       = apierror.ErrServer       // 5xx: retried automatically before it reaches you
)

// ErrInvalidResponse is wrapped by the error for a 2xx answer the SDK cannot
// use: not JSON, not the expected shape, or larger than the SDK's bound.
var ErrInvalidResponse = requestconfig.ErrInvalidResponse
