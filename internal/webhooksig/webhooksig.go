// Package webhooksig signs and verifies webhook deliveries under the
// Standard Webhooks scheme (https://www.standardwebhooks.com), which Avara
// signs its webhooks with. Avara's other SDKs verify them with the
// scheme's reference libraries (standardwebhooks), so this package follows
// those where the specification leaves a choice, and contracttest checks
// it against the Go one. The SDK's public webhook API is built on it.
//
// A delivery carries three headers: webhook-id, webhook-timestamp (Unix
// seconds) and webhook-signature, one or more space-separated
// "v1,<base64>" entries, each base64(HMAC-SHA256(key, id + "." +
// timestamp + "." + payload)). A receiver accepts a delivery when its
// timestamp is within the tolerance of its own clock and any v1 entry
// matches; [ReplayGuard] then refuses a second delivery of the same id.
//
// Nothing here reads the clock: every check takes the time from its
// caller, so that tests are exact and the public API decides which clock
// to trust. No error returned here ever contains the key, the payload, or a
// received header value: errors are logged, and a received value is chosen
// by whoever sent the request.
package webhooksig

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The names of the three headers of a delivery, lower case as the
// specification spells them; http.Header canonicalises them on Set and Get.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// DefaultTolerance is how far a delivery's timestamp may be from the
// receiver's clock, in either direction, when the caller passes no
// tolerance: the specification's five minutes, which every reference
// library enforces. It bounds how long a captured delivery can be replayed
// and how long a [ReplayGuard] must remember an id.
const DefaultTolerance = 5 * time.Minute

// keyPrefix marks a Standard Webhooks secret; the base64 secret follows it.
const keyPrefix = "whsec_"

// macSize is the length of an HMAC-SHA256, the only length a v1 signature
// can decode to.
const macSize = sha256.Size

// maxUnixSeconds is the last second of the year 9999. A larger timestamp is
// refused as too new without being converted to a time.Time, whose
// arithmetic would overflow and could then call it too old.
const maxUnixSeconds = 253402300799

var (
	// ErrInvalidKey is returned by ParseKey and NewKey for a secret that is
	// not base64 or decodes to nothing, and by the verification methods for
	// the zero Key: an empty HMAC key is one anyone can sign with.
	ErrInvalidKey = errors.New("webhooksig: invalid webhook key")

	// ErrMissingHeader matches a *MissingHeaderError: a delivery without
	// one of the three headers (or with it empty) cannot be verified. Use
	// errors.As to learn which header was missing.
	ErrMissingHeader = errors.New("webhooksig: missing webhook header")

	// ErrMalformedTimestamp is returned when webhook-timestamp is not a
	// whole number of Unix seconds written in decimal digits alone (no
	// sign, fraction, exponent or spaces): Avara never sends anything else,
	// and a laxer parser would let two spellings share one signature.
	ErrMalformedTimestamp = errors.New("webhooksig: malformed webhook-timestamp header")

	// ErrTimestampTooOld is returned when a delivery's timestamp is more
	// than the tolerance before now. The delivery is refused even when its
	// signature is valid: it may be a captured delivery replayed, and a
	// ReplayGuard only remembers ids for the tolerance window. A receiver
	// whose clock is ahead, or that queued the request, sees this for
	// genuine deliveries.
	ErrTimestampTooOld = errors.New("webhooksig: webhook timestamp is too old")

	// ErrTimestampTooNew is returned when a delivery's timestamp is more
	// than the tolerance after now: a sender that may sign for the future
	// could prepare deliveries that stay replayable long after they were
	// made. A receiver whose clock is behind sees this for genuine
	// deliveries.
	ErrTimestampTooNew = errors.New("webhooksig: webhook timestamp is too far in the future")

	// ErrMalformedSignature is returned when webhook-signature holds no
	// well-formed v1 entry but some entry is malformed (one without a
	// comma, or a v1 entry that is not the canonical padded standard base64
	// of 32 bytes), or holds nothing but spaces. Entries of other versions
	// are not malformed; they are ignored.
	ErrMalformedSignature = errors.New("webhooksig: malformed webhook-signature header")

	// ErrSignatureMismatch is returned when no v1 entry of webhook-signature
	// matches the payload under the key, including when the header holds
	// only entries of other versions: the payload, id or timestamp was
	// changed, or the delivery was signed with another key.
	ErrSignatureMismatch = errors.New("webhooksig: no webhook signature matches")
)

// MissingHeaderError reports which header a delivery lacked. It matches
// ErrMissingHeader under errors.Is.
type MissingHeaderError struct {
	// Header is HeaderID, HeaderTimestamp or HeaderSignature.
	Header string
}

// Error names the missing header; the header names are constants, never
// received text.
func (e *MissingHeaderError) Error() string {
	return "webhooksig: missing " + e.Header + " header"
}

// Is makes errors.Is(err, ErrMissingHeader) true, so callers that do not
// care which header was missing need not use errors.As.
func (e *MissingHeaderError) Is(target error) bool { return target == ErrMissingHeader }

// Key is a webhook signing secret. Its zero value has no secret: Sign
// panics with it and verification refuses with ErrInvalidKey. A Key never
// prints its secret, whatever the fmt verb, so it can be logged by mistake
// without leaking.
type Key struct {
	secret []byte
}

// ParseKey returns the key a Standard Webhooks secret string stands for:
// "whsec_" followed by the standard base64 of the secret bytes, as the
// Avara dashboard shows it.
//
// A bare base64 secret, without "whsec_", is accepted too, and so is base64
// without its "=" padding, and spaces or a newline around the whole string:
// the reference libraries (standardwebhooks for Python, JavaScript and Go;
// Avara's Python and TypeScript SDKs verify with the first two) all treat
// the prefix as optional, and the Python one adds missing padding, so one
// AVARA_WEBHOOK_KEY must work in every SDK. URL-safe base64 and characters inside the secret are refused
// rather than dropped as Python's decoder does, since dropping them would
// silently give another key.
//
// A refusal is ErrInvalidKey and never quotes the string.
func ParseKey(s string) (Key, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, keyPrefix)
	secret, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		// err quotes an offset into the secret; it is dropped, not wrapped,
		// so that nothing about the secret reaches a log.
		return Key{}, fmt.Errorf("%w: not whsec_ followed by standard base64", ErrInvalidKey)
	}
	return NewKey(secret)
}

// NewKey returns a key for raw secret bytes, for callers that hold the
// secret itself rather than its whsec_ string. It copies secret, so later
// changes to the slice do not change the key. An empty secret is refused
// with ErrInvalidKey.
func NewKey(secret []byte) (Key, error) {
	if len(secret) == 0 {
		return Key{}, fmt.Errorf("%w: the secret is empty", ErrInvalidKey)
	}
	return Key{secret: append([]byte(nil), secret...)}, nil
}

// Format prints a placeholder for every verb, so that %v, %+v, %#v, %x and
// %d on a Key (or on a struct holding one) never print the secret.
func (k Key) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte("webhooksig.Key(redacted)"))
}

// Sign returns the "v1,<base64>" entry for a delivery: the value of
// webhook-signature when one key signs. The timestamp is truncated to whole
// Unix seconds, as webhook-timestamp carries it. Sign panics on the zero
// Key, whose signatures anyone could forge.
func (k Key) Sign(id string, timestamp time.Time, payload []byte) string {
	if len(k.secret) == 0 {
		panic("webhooksig: Sign with the zero Key")
	}
	mac := k.mac(id, timestamp.Unix(), payload)
	return "v1," + base64.StdEncoding.EncodeToString(mac)
}

// mac computes HMAC-SHA256(key, id.timestamp.payload) without copying the
// payload into a joined buffer.
func (k Key) mac(id string, timestamp int64, payload []byte) []byte {
	h := hmac.New(sha256.New, k.secret)
	var buf [24]byte
	h.Write([]byte(id))
	h.Write(strconv.AppendInt(append(buf[:0], '.'), timestamp, 10))
	h.Write([]byte{'.'})
	h.Write(payload)
	return h.Sum(nil)
}

// Headers are the values of the three headers of one delivery, as
// received or as to be sent.
type Headers struct {
	ID        string // webhook-id
	Timestamp string // webhook-timestamp, decimal Unix seconds
	Signature string // webhook-signature, space-separated "version,signature" entries
}

// SignedHeaders returns the headers of a delivery of payload with the given
// id and timestamp, signed with key and then with each of more, in order.
// Several keys serve a key rotation: a receiver holding either the old or
// the new key accepts the delivery. It panics on a zero Key, as Sign does.
func SignedHeaders(id string, timestamp time.Time, payload []byte, key Key, more ...Key) Headers {
	sigs := make([]string, 0, 1+len(more))
	sigs = append(sigs, key.Sign(id, timestamp, payload))
	for _, k := range more {
		sigs = append(sigs, k.Sign(id, timestamp, payload))
	}
	return Headers{
		ID:        id,
		Timestamp: strconv.FormatInt(timestamp.Unix(), 10),
		Signature: strings.Join(sigs, " "),
	}
}

// HeadersFrom reads the three headers from h. It takes the first value of
// each, as the reference libraries do. A key that is not in canonical form
// (a map literal written http.Header{"webhook-id": ...}) is found too,
// since http.Header.Get alone would report it missing.
func HeadersFrom(h http.Header) Headers {
	return Headers{
		ID:        headerValue(h, HeaderID),
		Timestamp: headerValue(h, HeaderTimestamp),
		Signature: headerValue(h, HeaderSignature),
	}
}

func headerValue(h http.Header, name string) string {
	if v := h.Get(name); v != "" {
		return v
	}
	for k, vs := range h {
		if len(vs) > 0 && vs[0] != "" && strings.EqualFold(k, name) {
			return vs[0]
		}
	}
	return ""
}

// Apply sets the three headers on dst, replacing any values they had, so
// that a delivery carries exactly one of each.
func (h Headers) Apply(dst http.Header) {
	dst.Set(HeaderID, h.ID)
	dst.Set(HeaderTimestamp, h.Timestamp)
	dst.Set(HeaderSignature, h.Signature)
}

// Verify checks a delivery of payload with headers h against the key, at
// time now, and returns the delivery's timestamp, which ReplayGuard.Accept
// needs. A tolerance of zero or less means DefaultTolerance: no receiver's
// clock agrees with Avara's to the second.
//
// The checks run in this order, and the first that fails decides the
// error: each header present (*MissingHeaderError, matching
// ErrMissingHeader), the timestamp's syntax (ErrMalformedTimestamp), the
// signature header's syntax (ErrMalformedSignature), the timestamp within
// the tolerance of now either way, bounds included (ErrTimestampTooOld,
// ErrTimestampTooNew), and a matching v1 entry (ErrSignatureMismatch).
// Entries of versions other than v1 are ignored, so that a sender may add
// signatures of a newer scheme beside v1. A malformed entry beside a
// matching one does not refuse the delivery, as in the reference
// libraries. Every v1 entry is compared with hmac.Equal, and all are
// compared whichever matches, so the time taken says nothing about the
// expected signature.
//
// The payload must be the body exactly as received: re-encoded JSON does
// not verify. Verify does not remember ids; use a ReplayGuard for that.
func (k Key) Verify(h Headers, payload []byte, now time.Time, tolerance time.Duration) (time.Time, error) {
	if len(k.secret) == 0 {
		return time.Time{}, fmt.Errorf("%w: the zero Key has no secret", ErrInvalidKey)
	}
	switch {
	case h.ID == "":
		return time.Time{}, &MissingHeaderError{Header: HeaderID}
	case h.Timestamp == "":
		return time.Time{}, &MissingHeaderError{Header: HeaderTimestamp}
	case h.Signature == "":
		return time.Time{}, &MissingHeaderError{Header: HeaderSignature}
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}

	secs, tooNew, err := parseTimestamp(h.Timestamp)
	if err != nil {
		return time.Time{}, err
	}
	sigs, err := parseSignatures(h.Signature)
	if err != nil {
		return time.Time{}, err
	}
	if tooNew {
		return time.Time{}, ErrTimestampTooNew
	}
	ts := time.Unix(secs, 0)
	if err := checkWindow(ts, now, tolerance); err != nil {
		return time.Time{}, err
	}

	want := k.mac(h.ID, secs, payload)
	matched := false
	for _, sig := range sigs {
		// No early exit: which entry matched, if any, shows in no timing.
		if hmac.Equal(sig, want) {
			matched = true
		}
	}
	if !matched {
		return time.Time{}, ErrSignatureMismatch
	}
	return ts, nil
}

// VerifyHeader is Verify with the headers read from h by HeadersFrom, for
// a receiver that holds an *http.Request.
func (k Key) VerifyHeader(h http.Header, payload []byte, now time.Time, tolerance time.Duration) (time.Time, error) {
	return k.Verify(HeadersFrom(h), payload, now, tolerance)
}

// parseTimestamp reads decimal Unix seconds. A number beyond maxUnixSeconds
// is well formed but reported as too new, without overflowing.
func parseTimestamp(s string) (secs int64, tooNew bool, err error) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false, ErrMalformedTimestamp
		}
		if !tooNew {
			secs = secs*10 + int64(c-'0')
			tooNew = secs > maxUnixSeconds
		}
	}
	return secs, tooNew, nil
}

// checkWindow refuses a timestamp more than tolerance from now; exactly
// tolerance away is accepted, as in the reference libraries.
func checkWindow(ts, now time.Time, tolerance time.Duration) error {
	if now.Sub(ts) > tolerance {
		return ErrTimestampTooOld
	}
	if ts.Sub(now) > tolerance {
		return ErrTimestampTooNew
	}
	return nil
}

// parseSignatures returns the decoded MACs of the well-formed v1 entries.
// It refuses the header only when it has none and something in it is
// malformed; a header of other versions alone is not malformed, and then
// nothing can match.
func parseSignatures(header string) ([][]byte, error) {
	var sigs [][]byte
	malformed := false
	for entry := range strings.SplitSeq(header, " ") {
		if entry == "" {
			continue // doubled or surrounding spaces
		}
		version, sig, ok := strings.Cut(entry, ",")
		if !ok || version == "" {
			malformed = true
			continue
		}
		if version != "v1" {
			continue
		}
		// Strict, and no CR or LF (which even Strict skips): only the one
		// canonical spelling of a MAC is accepted, as in the reference
		// libraries, which compare entries as strings.
		mac, err := base64.StdEncoding.Strict().DecodeString(sig)
		if err != nil || len(mac) != macSize || strings.ContainsAny(sig, "\r\n") {
			malformed = true
			continue
		}
		sigs = append(sigs, mac)
	}
	if len(sigs) == 0 && (malformed || strings.TrimSpace(header) == "") {
		return nil, ErrMalformedSignature
	}
	return sigs, nil
}
