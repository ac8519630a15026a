package avaratest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/internal/webhooksig"
)

// MaxWebhookAnswerBytes is the largest answer SendWebhook reads from an
// endpoint; a longer one is an error.
const MaxWebhookAnswerBytes = 10 << 20

// WebhookResult is an endpoint's answer to a delivery made by SendWebhook.
type WebhookResult struct {
	// StatusCode is the HTTP status the endpoint answered with.
	StatusCode int
	// Header holds the answer's headers.
	Header http.Header
	// Body is the answer's body, exactly as received.
	Body []byte
	// ID is the webhook-id the delivery carried: send it again with
	// WithDeliveryID to test that the endpoint refuses a replay.
	ID string
}

// Decode decodes the answer's JSON body into dst, a pointer such as
// *avara.StudyAccessRequestedResponse. An answer that is not a 2xx, or has
// no body, is an error that says so, with the status and the body's start.
func (r *WebhookResult) Decode(dst any) error {
	if r.StatusCode < 200 || r.StatusCode > 299 {
		return fmt.Errorf("avaratest: the endpoint answered %d, not 2xx: %s", r.StatusCode, snippet(r.Body))
	}
	if len(bytes.TrimSpace(r.Body)) == 0 {
		return fmt.Errorf("avaratest: the endpoint answered %d with no body", r.StatusCode)
	}
	if err := json.Unmarshal(r.Body, dst); err != nil {
		return fmt.Errorf("avaratest: decoding the endpoint's answer into %T: %w", dst, err)
	}
	return nil
}

// snippet is the start of an answer's body, for an error message: it is
// the test's own endpoint that wrote it.
func snippet(b []byte) string {
	const max = 200
	if len(b) > max {
		return fmt.Sprintf("%q…", b[:max])
	}
	return fmt.Sprintf("%q", b)
}

// DeliveryOption changes one delivery made by SendWebhook.
type DeliveryOption func(*delivery)

type delivery struct {
	id string
	at time.Time
}

// WithDeliveryID sets the delivery's webhook-id, new and random by
// default: to replay a delivery, send it again with the ID of its result.
func WithDeliveryID(id string) DeliveryOption {
	return func(d *delivery) { d.id = id }
}

// WithDeliveryTime sets the delivery's webhook-timestamp, the current time
// by default: to test that an endpoint refuses a stale delivery.
func WithDeliveryTime(t time.Time) DeliveryOption {
	return func(d *delivery) { d.at = t }
}

// webhookHTTPClient delivers as Avara does: a redirect is an answer, not
// followed, since the Standard Webhooks specification counts a 3xx as a
// failed delivery.
var webhookHTTPClient = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// SendWebhook delivers event to the endpoint at url as Avara would: a POST
// of the event's JSON with Content-Type application/json and the Standard
// Webhooks headers webhook-id (new and random), webhook-timestamp (now, on
// the real clock, which the endpoint checks against its own) and
// webhook-signature, signed with s.WebhookKey. A client made by s.Client
// verifies it, and so does client.Webhooks.Handler.
//
// event is sent as RawJSON when it has one (an event decoded by
// client.Webhooks), or else as its fields encode, so its Type must be set:
//
//	res, err := srv.SendWebhook(ctx, endpoint.URL, &avara.StudyAccessRequestedEvent{
//		ID:   "whe_1234567890abcdef1234567890abcdef",
//		Type: "study.access_requested",
//		Data: avara.StudyAccessRequestedEventData{StudyID: "stu_…", StudyInstanceUID: "1.2.840…"},
//	})
//
// The answer is returned whatever its status; decode it with
// WebhookResult.Decode. The error is for a delivery that could not be made
// or answered (ctx bounds it), or an event that is not one.
func (s *Server) SendWebhook(ctx context.Context, url string, event avara.WebhookEvent, opts ...DeliveryOption) (*WebhookResult, error) {
	payload, err := webhookPayload(event)
	if err != nil {
		return nil, err
	}
	key, err := webhooksig.ParseKey(s.WebhookKey)
	if err != nil {
		return nil, errors.New("avaratest: SendWebhook: srv.WebhookKey is not whsec_ followed by standard base64")
	}
	d := delivery{id: newDeliveryID(), at: time.Now()}
	for _, o := range opts {
		if o != nil {
			o(&d)
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return nil, fmt.Errorf("avaratest: SendWebhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	webhooksig.SignedHeaders(d.id, d.at, payload, key).Apply(req.Header)

	resp, err := webhookHTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("avaratest: SendWebhook: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxWebhookAnswerBytes+1))
	if err != nil {
		return nil, fmt.Errorf("avaratest: SendWebhook: reading the answer: %w", err)
	}
	if len(body) > MaxWebhookAnswerBytes {
		return nil, fmt.Errorf("avaratest: SendWebhook: the answer is over %d bytes", MaxWebhookAnswerBytes)
	}
	return &WebhookResult{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, ID: d.id}, nil
}

// webhookPayload is the JSON of event, checked to decode as an event of
// its own kind, so that an event whose Type was left unset fails here and
// not, obscurely, in the endpoint.
func webhookPayload(event avara.WebhookEvent) ([]byte, error) {
	if event == nil {
		return nil, errors.New("avaratest: SendWebhook: the event is nil")
	}
	payload := []byte(event.RawJSON())
	if len(payload) == 0 {
		var err error
		if payload, err = json.Marshal(event); err != nil {
			return nil, fmt.Errorf("avaratest: SendWebhook: encoding %T: %w", event, err)
		}
	}
	var ws avara.WebhookService
	decoded, err := ws.UnsafeUnwrap(payload)
	if err != nil {
		return nil, fmt.Errorf("avaratest: SendWebhook: %T: %w", event, err)
	}
	if _, unknown := event.(*avara.UnknownWebhookEvent); !unknown {
		if got, want := fmt.Sprintf("%T", decoded), fmt.Sprintf("%T", event); got != want {
			return nil, fmt.Errorf("avaratest: SendWebhook: %s decodes as %s: set its Type field to its event type", want, got)
		}
	}
	return payload, nil
}

// newWebhookKey returns a fresh Standard Webhooks key: whsec_ and the
// base64 of 24 random bytes, the specification's minimum size.
func newWebhookKey() string {
	var b [24]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return "whsec_" + base64.StdEncoding.EncodeToString(b[:])
}

// newDeliveryID returns a fresh webhook-id.
func newDeliveryID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "msg_" + hex.EncodeToString(b[:])
}
