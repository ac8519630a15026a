package avara

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/avara/avara-go/internal/webhooksig"
)

// WebhookService verifies, decodes and answers the webhooks Avara sends to
// a customer's service, signed under the Standard Webhooks scheme
// (https://www.standardwebhooks.com): Unwrap checks one delivery, Handler
// serves an endpoint. Reach it as client.Webhooks; its key comes from
// option.WithWebhookKey or the AVARA_WEBHOOK_KEY environment variable.
type WebhookService struct {
	client *Client
}

// DefaultWebhookTolerance is how far a delivery's webhook-timestamp may be
// from the receiver's clock, either way: the Standard Webhooks five minutes.
// It bounds how long a captured delivery could be replayed.
const DefaultWebhookTolerance = 5 * time.Minute

// DefaultWebhookBodyLimit is the largest body Handler reads unless
// WithWebhookBodyLimit says otherwise. Avara's events are a few kilobytes.
const DefaultWebhookBodyLimit = 1 << 20

// The errors of Unwrap and Handler, to tell apart with errors.Is. None
// contains the webhook key, the payload or a received header value, so
// they can be logged as they are.
var (
	// ErrWebhookSignature is a delivery whose webhook-signature holds no v1
	// signature that matches its id, timestamp and payload under the key:
	// the payload was changed (even by a byte, or re-encoded), it was signed
	// with another key, or the header is malformed.
	ErrWebhookSignature = errors.New("avara: webhook signature does not verify")
	// ErrWebhookTimestamp is a delivery whose webhook-timestamp is more
	// than the tolerance from now, before (a stale delivery, perhaps
	// replayed) or ahead, or is not decimal Unix seconds. A genuine
	// delivery gets it when the receiver's clock is off.
	ErrWebhookTimestamp = errors.New("avara: webhook timestamp is outside the tolerance")
	// ErrWebhookMissingHeader is a delivery without webhook-id,
	// webhook-timestamp or webhook-signature; the error names which.
	ErrWebhookMissingHeader = errors.New("avara: missing webhook header")
	// ErrWebhookReplayed is a delivery whose webhook-id Handler already
	// accepted within the replay window: a replay, or Avara's retry of a
	// delivery the handler already handled.
	ErrWebhookReplayed = errors.New("avara: webhook id already accepted")
	// ErrWebhookPayload is a payload that is not a JSON object of a webhook
	// event; an event of an unknown type is not one (see
	// UnknownWebhookEvent).
	ErrWebhookPayload = errors.New("avara: malformed webhook payload")
	// ErrWebhookKey is a client without a webhook key, or with one that is
	// not a whsec_ secret; the error says how to set it, or which setting
	// is malformed.
	ErrWebhookKey = errors.New("avara: webhook key")
	// ErrWebhookBodyTooLarge is a delivery whose body is over Handler's
	// limit (WithWebhookBodyLimit).
	ErrWebhookBodyTooLarge = errors.New("avara: webhook body over the limit")
	// ErrWebhookUnhandled is reported (see WithWebhookErrorLog) for a
	// verified delivery that Handler acknowledged without handling: its
	// type is unknown to this SDK, or WebhookHandlers has no function for
	// it.
	ErrWebhookUnhandled = errors.New("avara: webhook event not handled")
)

// webhookError is one of the errors above with a detail that says more,
// and the internal cause, if any. Its text is the sentinel's, then the
// detail; the detail is written here, never copied from received data.
type webhookError struct {
	kind   error
	detail string
	cause  error
}

func (e *webhookError) Error() string {
	if e.detail == "" {
		return e.kind.Error()
	}
	return e.kind.Error() + ": " + e.detail
}

func (e *webhookError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

// Unwrap verifies one delivery, its body exactly as received and its
// request headers, and decodes it: a *StudyAccessRequestedEvent,
// *ReportDeliveredEvent or another event type; switch on it. An event of a
// type this SDK does not know is an *UnknownWebhookEvent, not an error.
//
// It accepts a delivery when any v1 signature in webhook-signature (there
// are several during a key rotation) matches under the client's webhook
// key, and webhook-timestamp is within DefaultWebhookTolerance of the
// client's clock. Refusals are ErrWebhookMissingHeader,
// ErrWebhookTimestamp, ErrWebhookSignature and, after a valid signature,
// ErrWebhookPayload; a client without a usable key fails with ErrWebhookKey.
//
// Unwrap remembers nothing, so a delivery replayed within the tolerance
// verifies again: Handler refuses replays, and a receiver of its own should
// treat the webhook-id as an idempotency key.
func (r *WebhookService) Unwrap(payload []byte, headers http.Header) (WebhookEvent, error) {
	key, clock, err := r.verifier()
	if err != nil {
		return nil, err
	}
	if _, err := key.VerifyHeader(headers, payload, clock(), DefaultWebhookTolerance); err != nil {
		return nil, verifyError(err, DefaultWebhookTolerance)
	}
	return decodeEvent(payload)
}

// UnsafeUnwrap decodes a payload without verifying it, for payloads
// verified already or read from a trusted store. Never call it on a
// request's body: anyone can send one. A payload that is not an event's
// JSON object is ErrWebhookPayload.
func (r *WebhookService) UnsafeUnwrap(payload []byte) (WebhookEvent, error) {
	return decodeEvent(payload)
}

// verifier returns the client's webhook key and clock.
func (r *WebhookService) verifier() (webhooksig.Key, func() time.Time, error) {
	var c *Client
	if r != nil {
		c = r.client
	}
	cfg, err := c.config(nil)
	if err != nil {
		return webhooksig.Key{}, nil, err
	}
	clock := time.Now
	if cfg.Clock != nil {
		clock = cfg.Clock.Now
	}
	if cfg.WebhookKey == "" {
		return webhooksig.Key{}, clock, &webhookError{kind: ErrWebhookKey,
			detail: "none set: set the AVARA_WEBHOOK_KEY environment variable, or pass option.WithWebhookKey(key) to avara.NewClient, to the whsec_ secret of the endpoint"}
	}
	key, err := webhooksig.ParseKey(cfg.WebhookKey)
	if err != nil {
		// err says nothing about the key; its text is not repeated.
		return webhooksig.Key{}, clock, &webhookError{kind: ErrWebhookKey, cause: err,
			detail: "the key set by " + webhookKeySource(cfg.WebhookKey) + " is not whsec_ followed by the standard base64 of the secret"}
	}
	return key, clock, nil
}

// webhookKeySource names the setting a malformed key came from: the
// environment variable when it holds that key, or else the option.
func webhookKeySource(key string) string {
	if os.Getenv("AVARA_WEBHOOK_KEY") == key {
		return "the AVARA_WEBHOOK_KEY environment variable"
	}
	return "option.WithWebhookKey"
}

// verifyError turns an error of webhooksig's verification into the public
// sentinels, with a detail of its own.
func verifyError(err error, tolerance time.Duration) error {
	var missing *webhooksig.MissingHeaderError
	e := &webhookError{kind: ErrWebhookSignature, cause: err}
	switch {
	case errors.As(err, &missing):
		e.kind, e.detail = ErrWebhookMissingHeader, missing.Header
	case errors.Is(err, webhooksig.ErrTimestampTooOld):
		e.kind, e.detail = ErrWebhookTimestamp, "more than "+tolerance.String()+" before now"
	case errors.Is(err, webhooksig.ErrTimestampTooNew):
		e.kind, e.detail = ErrWebhookTimestamp, "more than "+tolerance.String()+" ahead of now"
	case errors.Is(err, webhooksig.ErrMalformedTimestamp):
		e.kind, e.detail = ErrWebhookTimestamp, "webhook-timestamp is not decimal Unix seconds"
	case errors.Is(err, webhooksig.ErrMalformedSignature):
		e.detail = "webhook-signature holds no well-formed v1 signature"
	case errors.Is(err, webhooksig.ErrSignatureMismatch):
		e.detail = "no v1 signature matches the payload under the webhook key"
	case errors.Is(err, webhooksig.ErrInvalidKey):
		e.kind = ErrWebhookKey
	}
	return e
}

// decodeEvent decodes a payload, with an error that says where it is
// malformed but quotes nothing of it.
func decodeEvent(payload []byte) (WebhookEvent, error) {
	event, err := decodeWebhookEvent(payload)
	if err != nil {
		return nil, &webhookError{kind: ErrWebhookPayload, detail: payloadDetail(err)}
	}
	if event == nil {
		return nil, &webhookError{kind: ErrWebhookPayload, detail: "not a webhook event"}
	}
	return event, nil
}

// payloadDetail describes a decoding error by position and field only:
// encoding/json's own texts quote the payload's characters and numbers.
func payloadDetail(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return "invalid JSON at byte " + strconv.FormatInt(syntax.Offset, 10)
	case errors.As(err, &typ) && typ.Field != "":
		return "field " + typ.Field + " has the wrong type"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated JSON"
	}
	return "not the JSON object of a webhook event"
}

// WebhookHandlerOption configures Handler.
type WebhookHandlerOption func(*webhookHandlerConfig)

type webhookHandlerConfig struct {
	bodyLimit      int64
	tolerance      time.Duration
	replayWindow   time.Duration
	replayCapacity int
	errorLog       func(*http.Request, error)
}

// WithWebhookBodyLimit sets the largest body Handler reads, in bytes
// (DefaultWebhookBodyLimit when n is zero or less). A delivery whose
// Content-Length is larger is refused with 413 without reading its body;
// one without Content-Length is read up to the limit and no further.
func WithWebhookBodyLimit(n int64) WebhookHandlerOption {
	return func(c *webhookHandlerConfig) {
		if n > 0 {
			c.bodyLimit = n
		}
	}
}

// WithWebhookTolerance sets how far a delivery's webhook-timestamp may be
// from the handler's clock, either way (DefaultWebhookTolerance when d is
// zero or less). A longer tolerance lets receivers with a skewed clock
// accept deliveries, and lets a captured delivery be replayed for longer:
// the replay window grows with it.
func WithWebhookTolerance(d time.Duration) WebhookHandlerOption {
	return func(c *webhookHandlerConfig) {
		if d > 0 {
			c.tolerance = d
		}
	}
}

// WithWebhookReplayWindow sets how long Handler remembers a webhook-id it
// accepted, counted from the delivery's timestamp, refusing the id again
// meanwhile. It is never shorter than the tolerance, since a delivery whose
// id was forgotten while its timestamp still verifies could be replayed: a
// shorter d (or zero) means the tolerance. A longer one also refuses
// Avara's retries of a handled delivery for longer.
func WithWebhookReplayWindow(d time.Duration) WebhookHandlerOption {
	return func(c *webhookHandlerConfig) { c.replayWindow = d }
}

// WithWebhookReplayCapacity bounds how many webhook-ids Handler remembers
// (100,000 when n is zero or less, about 14 MB). When it holds that many,
// none expired, it answers new deliveries with 503 and Retry-After, so
// that Avara retries them, rather than forgetting an id early.
func WithWebhookReplayCapacity(n int) WebhookHandlerOption {
	return func(c *webhookHandlerConfig) { c.replayCapacity = n }
}

// WithWebhookErrorLog sets a function Handler calls with each delivery it
// refuses or fails, and each it acknowledges without handling
// (ErrWebhookUnhandled), with the error it stands for: to log or count
// them. Handler itself logs nothing. The error never contains the key or
// the payload; the request is the delivery's, its body already read. f is
// called on the request's goroutine, before the answer is written.
func WithWebhookErrorLog(f func(r *http.Request, err error)) WebhookHandlerOption {
	return func(c *webhookHandlerConfig) { c.errorLog = f }
}

// Handler returns an http.Handler for the endpoint Avara delivers webhooks
// to. For each POST it:
//
//  1. refuses a delivery without the three webhook headers (401) and one
//     whose body is over the limit (413, without reading it);
//  2. verifies the signature in constant time and the timestamp against
//     the tolerance, with the client's webhook key (401);
//  3. refuses a webhook-id it accepted within the replay window (409);
//  4. decodes the event (400 for a malformed payload);
//  5. calls the function of h for the event's type with the request's
//     context, and writes what it returns as JSON with 200, or 200 with no
//     body when it returns a nil response; an error from it is 500, and
//     the id is forgotten, so that Avara's retry of the delivery is
//     handled.
//
// A verified event of a type this SDK does not know, or whose function in
// h is nil, is acknowledged with 204 No Content: a 2xx, so that Avara
// neither retries it for days nor counts it against the endpoint, as the
// Standard Webhooks specification says a sender may; its 410 Gone, which
// asks the sender to disable the endpoint, is never sent. Other methods
// than POST get 405. A client without a usable webhook key answers every
// delivery with 500 (see WithWebhookErrorLog to see why).
//
// Handler never panics on any request; a panic in a function of h is the
// function's own, and net/http's to recover. Replays are remembered in this
// process's memory: several replicas behind a load balancer each remember
// their own, so receivers there should also treat the webhook-id as an
// idempotency key in their store.
func (r *WebhookService) Handler(h WebhookHandlers, opts ...WebhookHandlerOption) http.Handler {
	cfg := webhookHandlerConfig{bodyLimit: DefaultWebhookBodyLimit, tolerance: DefaultWebhookTolerance}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.replayWindow < cfg.tolerance {
		cfg.replayWindow = cfg.tolerance
	}
	key, clock, err := r.verifier()
	if clock == nil {
		clock = time.Now
	}
	return &webhookHandler{
		handlers: h,
		cfg:      cfg,
		key:      key,
		keyErr:   err,
		now:      clock,
		guard:    webhooksig.NewReplayGuard(cfg.replayWindow, cfg.replayCapacity),
	}
}

type webhookHandler struct {
	handlers WebhookHandlers
	cfg      webhookHandlerConfig
	key      webhooksig.Key
	keyErr   error
	now      func() time.Time
	guard    *webhooksig.ReplayGuard
}

var errWebhookMethod = errors.New("avara: webhook delivery is not a POST")

func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(w, r, http.StatusMethodNotAllowed, errWebhookMethod)
		return
	}
	if h.keyErr != nil {
		h.fail(w, r, h.keyErr)
		return
	}
	headers := webhooksig.HeadersFrom(r.Header)
	if name := missingHeader(headers); name != "" {
		h.refuse(w, r, http.StatusUnauthorized, &webhookError{kind: ErrWebhookMissingHeader, detail: name})
		return
	}
	body, status, err := h.readBody(w, r)
	if err != nil {
		h.refuse(w, r, status, err)
		return
	}

	now := h.now()
	ts, err := h.key.Verify(headers, body, now, h.cfg.tolerance)
	if err != nil {
		h.refuse(w, r, http.StatusUnauthorized, verifyError(err, h.cfg.tolerance))
		return
	}
	if err := h.guard.Accept(headers.ID, ts, now); err != nil {
		h.refuseReplay(w, r, err)
		return
	}
	// From here the id is remembered only once the delivery is handled:
	// every failure forgets it, so that Avara's retry is handled.
	event, err := decodeEvent(body)
	if err != nil {
		h.guard.Forget(headers.ID)
		h.refuse(w, r, http.StatusBadRequest, err)
		return
	}
	res, found, err := h.handlers.dispatch(r.Context(), event)
	if err != nil {
		h.guard.Forget(headers.ID)
		h.fail(w, r, fmt.Errorf("avara: webhook handler for %T: %w", event, err))
		return
	}
	if !found {
		h.log(r, unhandled(event))
		w.WriteHeader(http.StatusNoContent)
		return
	}
	var out []byte
	if res != nil {
		// json.Marshal, not res.MarshalJSON: it writes a typed nil as null
		// rather than calling a method on it.
		if out, err = json.Marshal(res); err != nil {
			h.guard.Forget(headers.ID)
			h.fail(w, r, fmt.Errorf("avara: encoding the answer to %T: %w", event, err))
			return
		}
	}
	if len(out) == 0 || string(out) == "null" {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(out)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
}

// readBody reads the body up to the limit, refusing a larger one with 413
// without reading past the limit, or at all when Content-Length says so.
func (h *webhookHandler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, int, error) {
	limit := h.cfg.bodyLimit
	tooLarge := &webhookError{kind: ErrWebhookBodyTooLarge, detail: "more than " + strconv.FormatInt(limit, 10) + " bytes"}
	if r.ContentLength > limit {
		// Unread, the body would be drained by net/http to reuse the
		// connection; closing it instead reads none of it.
		w.Header().Set("Connection", "close")
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	}
	if r.Body == nil {
		return nil, 0, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &maxErr):
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	case err != nil:
		return nil, http.StatusBadRequest, &webhookError{kind: ErrWebhookPayload, detail: "reading the body failed", cause: err}
	}
	return body, 0, nil
}

// refuseReplay answers a delivery the replay guard refused.
func (h *webhookHandler) refuseReplay(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, webhooksig.ErrReplayed):
		h.refuse(w, r, http.StatusConflict, &webhookError{kind: ErrWebhookReplayed, cause: err,
			detail: "the replay window is " + h.cfg.replayWindow.String()})
	case errors.Is(err, webhooksig.ErrReplayGuardFull):
		// Not the sender's fault: 503 with Retry-After, which the Standard
		// Webhooks specification asks senders to honour.
		w.Header().Set("Retry-After", "60")
		h.refuse(w, r, http.StatusServiceUnavailable, fmt.Errorf("avara: too many webhook ids in the replay window; raise WithWebhookReplayCapacity: %w", err))
	default:
		// A timestamp at the very edge of the window, seen by the guard
		// after a concurrent delivery moved its clock on.
		h.refuse(w, r, http.StatusUnauthorized, verifyError(err, h.cfg.tolerance))
	}
}

// refuse answers a delivery with a client error whose text is safe to
// send: the errors of this file quote nothing received.
func (h *webhookHandler) refuse(w http.ResponseWriter, r *http.Request, status int, err error) {
	h.log(r, err)
	http.Error(w, err.Error(), status)
}

// fail answers 500 with no detail: err may hold anything a handler
// function put in it, which is not the sender's to read.
func (h *webhookHandler) fail(w http.ResponseWriter, r *http.Request, err error) {
	h.log(r, err)
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

func (h *webhookHandler) log(r *http.Request, err error) {
	if h.cfg.errorLog != nil {
		h.cfg.errorLog(r, err)
	}
}

// missingHeader names the first of the three headers that is empty.
func missingHeader(h webhooksig.Headers) string {
	switch {
	case h.ID == "":
		return webhooksig.HeaderID
	case h.Timestamp == "":
		return webhooksig.HeaderTimestamp
	case h.Signature == "":
		return webhooksig.HeaderSignature
	}
	return ""
}

// unhandled is the error reported for an event acknowledged without a
// function: its Go type says which, without quoting the payload.
func unhandled(event WebhookEvent) error {
	if _, ok := event.(*UnknownWebhookEvent); ok {
		return &webhookError{kind: ErrWebhookUnhandled, detail: "its type is unknown to this SDK version"}
	}
	return &webhookError{kind: ErrWebhookUnhandled, detail: fmt.Sprintf("WebhookHandlers has no function for %T", event)}
}
