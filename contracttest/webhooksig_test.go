package contracttest

// Interoperability of internal/webhooksig with the Standard Webhooks
// reference library for Go, the scheme's own implementation: deliveries it
// signs verify with webhooksig, webhooksig's verify with it, and the two
// agree on which tampered deliveries to refuse; and the public API built on
// it, client.Webhooks and avaratest's SendWebhook, agrees with it too. The
// reference library lives here, not in the SDK's module, so that the SDK
// keeps its three dependencies. The reference library reads the real clock, so the
// deliveries it checks are stamped with time.Now(); nothing sleeps.

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/internal/webhooksig"
	"github.com/avara/avara-go/option"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// webhookKey is one secret in the forms both libraries take.
type webhookKey struct {
	name   string
	secret string // whsec_<base64>
	ours   webhooksig.Key
	theirs *standardwebhooks.Webhook
}

// webhookKeys returns keys of several lengths, from a fixed seed so that a
// failure can be reproduced. Odd lengths give base64 with padding.
func webhookKeys(t *testing.T) []webhookKey {
	t.Helper()
	rng := rand.New(rand.NewChaCha8([32]byte{'a', 'v', 'a', 'r', 'a'}))
	var keys []webhookKey
	for _, n := range []int{1, 16, 24, 32, 33, 64} {
		raw := make([]byte, n)
		for i := range raw {
			raw[i] = byte(rng.UintN(256))
		}
		secret := "whsec_" + base64.StdEncoding.EncodeToString(raw)
		ours, err := webhooksig.ParseKey(secret)
		require.NoError(t, err)
		theirs, err := standardwebhooks.NewWebhook(secret)
		require.NoError(t, err)
		keys = append(keys, webhookKey{name: strconv.Itoa(n) + "-byte key", secret: secret, ours: ours, theirs: theirs})
	}
	return keys
}

var webhookIDs = []string{
	"msg_p5jXN8AQM9LWM0D4loKWxJek",
	"1234567890",
	"9f1c1c4e-6b0e-4f3c-9a5e-2d1b7c3a8e10",
	"evt.with.dots",
	"idé-ünïcode",
}

var webhookPayloads = map[string][]byte{
	"a JSON event":     []byte(`{"type":"user.created","timestamp":"2026-01-02T03:04:05Z","data":{"id":"usr_123","email":"a@example.com"}}`),
	"an empty body":    {},
	"a binary body":    {0x00, 0xff, 0xfe, '.', 0x80, '\n'},
	"a large body":     []byte(strings.Repeat(`{"k":"v"},`, 10_000)),
	"a body with dots": []byte("1700000000.payload.with.dots"),
}

// referenceHeader is a delivery as the reference library's own example
// builds one.
func referenceHeader(t *testing.T, id string, ts time.Time, payload []byte, keys ...webhookKey) http.Header {
	t.Helper()
	var sigs []string
	for _, k := range keys {
		sig, err := k.theirs.Sign(id, ts, payload)
		require.NoError(t, err)
		sigs = append(sigs, sig)
	}
	h := http.Header{}
	h.Set(standardwebhooks.HeaderWebhookID, id)
	h.Set(standardwebhooks.HeaderWebhookTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(standardwebhooks.HeaderWebhookSignature, strings.Join(sigs, " "))
	return h
}

func TestWebhookReferenceSignedDeliveriesVerify(t *testing.T) {
	keys := webhookKeys(t)
	ts := time.Unix(1_767_225_600, 0)
	for _, k := range keys {
		for _, id := range webhookIDs {
			for name, payload := range webhookPayloads {
				t.Run(k.name+", id "+id+", "+name+": the reference signature verifies", func(t *testing.T) {
					h := referenceHeader(t, id, ts, payload, k)
					got, err := k.ours.VerifyHeader(h, payload, ts.Add(time.Minute), 0)
					require.NoError(t, err)
					assert.True(t, got.Equal(ts))

					ourSig := k.ours.Sign(id, ts, payload)
					assert.Equal(t, h.Get(standardwebhooks.HeaderWebhookSignature), ourSig, "both libraries sign alike")
				})
			}
		}
	}

	t.Run("a bare base64 key verifies like its whsec_ form", func(t *testing.T) {
		k := keys[2]
		bare, err := webhooksig.ParseKey(strings.TrimPrefix(k.secret, "whsec_"))
		require.NoError(t, err)
		payload := webhookPayloads["a JSON event"]
		_, err = bare.VerifyHeader(referenceHeader(t, "msg_bare", ts, payload, k), payload, ts, 0)
		require.NoError(t, err)
	})

	t.Run("a reference signature with another key is refused", func(t *testing.T) {
		payload := webhookPayloads["a JSON event"]
		h := referenceHeader(t, "msg_other", ts, payload, keys[0])
		_, err := keys[1].ours.VerifyHeader(h, payload, ts, 0)
		require.ErrorIs(t, err, webhooksig.ErrSignatureMismatch)
	})
}

func TestWebhookOurDeliveriesVerifyWithTheReference(t *testing.T) {
	keys := webhookKeys(t)
	now := time.Now()
	for _, k := range keys {
		for _, id := range webhookIDs {
			for name, payload := range webhookPayloads {
				t.Run(k.name+", id "+id+", "+name+": our signature verifies with the reference", func(t *testing.T) {
					h := http.Header{}
					webhooksig.SignedHeaders(id, now, payload, k.ours).Apply(h)
					require.NoError(t, k.theirs.Verify(payload, h))

					tampered := append([]byte{'x'}, payload...)
					require.ErrorIs(t, k.theirs.Verify(tampered, h), standardwebhooks.ErrNoMatchingSignature)
				})
			}
		}
	}
}

func TestWebhookMultipleSignatureHeaders(t *testing.T) {
	keys := webhookKeys(t)
	now := time.Now()
	payload := webhookPayloads["a JSON event"]
	const id = "msg_rotation"

	t.Run("our header signed with an old and a new key verifies with the reference under each", func(t *testing.T) {
		h := http.Header{}
		webhooksig.SignedHeaders(id, now, payload, keys[0].ours, keys[1].ours, keys[2].ours).Apply(h)
		for _, k := range keys[:3] {
			require.NoError(t, k.theirs.Verify(payload, h), k.name)
		}
		require.ErrorIs(t, keys[3].theirs.Verify(payload, h), standardwebhooks.ErrNoMatchingSignature)
	})

	t.Run("a reference header with several signatures verifies with ours under each key", func(t *testing.T) {
		h := referenceHeader(t, id, now, payload, keys[3], keys[4], keys[5])
		for _, k := range keys[3:] {
			_, err := k.ours.VerifyHeader(h, payload, now, 0)
			require.NoError(t, err, k.name)
		}
		_, err := keys[0].ours.VerifyHeader(h, payload, now, 0)
		require.ErrorIs(t, err, webhooksig.ErrSignatureMismatch)
	})
}

// TestWebhookBothLibrariesAgree runs deliveries, genuine and tampered,
// through both verifiers: each must accept or refuse alike, and refuse a
// stale or future timestamp for the same reason.
func TestWebhookBothLibrariesAgree(t *testing.T) {
	k := webhookKeys(t)[3]
	other := webhookKeys(t)[4]
	payload := webhookPayloads["a JSON event"]
	now := time.Now()
	// An id whose signature has '+' or '/', so that its URL-safe spelling
	// differs from it.
	var id, good string
	for i := 0; !strings.ContainsAny(good, "+/"); i++ {
		id = "msg_agree_" + strconv.Itoa(i)
		good = k.ours.Sign(id, now, payload)
	}
	mac := strings.TrimPrefix(good, "v1,")

	tests := []struct {
		name      string
		ts        time.Time
		signature string
		accept    bool
	}{
		{name: "a genuine delivery is accepted by both", signature: good, accept: true},
		{name: "a match after other versions and malformed entries is accepted by both", signature: "v2," + mac + " ,,, v1,not,base64 v1 " + good, accept: true},
		{name: "a match between doubled spaces is accepted by both", signature: other.ours.Sign(id, now, payload) + "  " + good, accept: true},
		{name: "a signature with another key is refused by both", signature: other.ours.Sign(id, now, payload)},
		{name: "the right MAC under version v2 is refused by both", signature: "v2," + mac},
		{name: "a signature with trailing data is refused by both", signature: good + ",extra"},
		{name: "a signature without padding is refused by both", signature: strings.TrimRight(good, "=")},
		{name: "a signature in URL-safe base64 is refused by both", signature: "v1," + base64.URLEncoding.EncodeToString(mustDecode(t, mac))},
		{name: "an empty v1 entry is refused by both", signature: "v1,"},
		{name: "a signature 6 minutes old is refused by both as too old", ts: now.Add(-6 * time.Minute)},
		{name: "a signature 6 minutes ahead is refused by both as too new", ts: now.Add(6 * time.Minute)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := tc.ts
			if ts.IsZero() {
				ts = now
			}
			sig := tc.signature
			if sig == "" {
				sig = k.ours.Sign(id, ts, payload)
			}
			h := http.Header{}
			webhooksig.Headers{ID: id, Timestamp: strconv.FormatInt(ts.Unix(), 10), Signature: sig}.Apply(h)

			theirErr := k.theirs.Verify(payload, h)
			_, ourErr := k.ours.VerifyHeader(h, payload, time.Now(), webhooksig.DefaultTolerance)
			if tc.accept {
				require.NoError(t, theirErr, "reference")
				require.NoError(t, ourErr, "webhooksig")
				return
			}
			require.Error(t, theirErr, "reference")
			require.Error(t, ourErr, "webhooksig")
			assert.Equal(t, errors.Is(theirErr, standardwebhooks.ErrMessageTooOld), errors.Is(ourErr, webhooksig.ErrTimestampTooOld))
			assert.Equal(t, errors.Is(theirErr, standardwebhooks.ErrMessageTooNew), errors.Is(ourErr, webhooksig.ErrTimestampTooNew))
		})
	}
}

func mustDecode(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	require.NoError(t, err)
	return b
}

// The SDK's public webhook API against the reference library: an event it
// signs goes through client.Webhooks.Unwrap and the Handler, and what
// avaratest's SendWebhook signs verifies with it.

// referenceEvent is the delivery of the Python SDK's own unwrap test.
const referenceEvent = `{"id":"whe_1234567890abcdef1234567890abcdef","data":{"retrievalId":"order-12345","options":{"studyInstanceUids":"bar"}},"type":"ephemeral.access_requested"}`

func TestWebhookReferenceSignedEventsUnwrapAndHandle(t *testing.T) {
	payload := []byte(referenceEvent)
	handlers := avara.WebhookHandlers{
		EphemeralAccessRequested: func(_ context.Context, e *avara.EphemeralAccessRequestedEvent) (*avara.EphemeralAccessRequestedResponse, error) {
			return &avara.EphemeralAccessRequestedResponse{Authorized: true, URLs: []string{"https://pacs.example.com/" + e.Data.RetrievalID}}, nil
		},
	}
	for _, k := range webhookKeys(t) {
		t.Run(k.name+": a reference-signed event unwraps and is handled", func(t *testing.T) {
			client := avara.NewClient(option.WithWebhookKey(k.secret))
			h := referenceHeader(t, "msg_reference", time.Now(), payload, k)

			event, err := client.Webhooks.Unwrap(payload, h)
			require.NoError(t, err)
			e, ok := event.(*avara.EphemeralAccessRequestedEvent)
			require.True(t, ok, "got %T", event)
			assert.Equal(t, "order-12345", e.Data.RetrievalID)

			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, "/webhooks", bytes.NewReader(payload))
			req.Header = h
			client.Webhooks.Handler(handlers).ServeHTTP(rec, req)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			assert.JSONEq(t, `{"authorized":true,"urls":["https://pacs.example.com/order-12345"]}`, rec.Body.String())
		})
	}

	t.Run("a reference-signed event changed by one byte is refused by both", func(t *testing.T) {
		k := webhookKeys(t)[2]
		client := avara.NewClient(option.WithWebhookKey(k.secret))
		h := referenceHeader(t, "msg_reference", time.Now(), payload, k)
		tampered := bytes.Replace(payload, []byte("order-12345"), []byte("order-12346"), 1)

		_, err := client.Webhooks.Unwrap(tampered, h)
		require.ErrorIs(t, err, avara.ErrWebhookSignature)
		require.ErrorIs(t, k.theirs.Verify(tampered, h), standardwebhooks.ErrNoMatchingSignature)

		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/webhooks", bytes.NewReader(tampered))
		req.Header = h
		client.Webhooks.Handler(handlers).ServeHTTP(rec, req)
		assert.Equal(t, http.StatusUnauthorized, rec.Code)
	})
}

func TestWebhookAvaratestDeliveriesVerifyWithTheReference(t *testing.T) {
	srv := avaratest.NewServer()
	t.Cleanup(srv.Close)
	reference, err := standardwebhooks.NewWebhook(srv.WebhookKey)
	require.NoError(t, err)

	// An endpoint that verifies with the reference library alone.
	var verifyErr error
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if verifyErr = reference.Verify(body, r.Header); verifyErr != nil {
			http.Error(w, verifyErr.Error(), http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"authorized":true,"urls":["https://pacs.example.com/1.dcm"]}`))
	}))
	t.Cleanup(endpoint.Close)

	event := &avara.StudyAccessRequestedEvent{
		ID:   "whe_1234567890abcdef1234567890abcdef",
		Type: "study.access_requested",
		Data: avara.StudyAccessRequestedEventData{StudyID: "stu_1234567890abcdef1234567890abcdef", StudyInstanceUID: "1.2.840.113619.2.55.3.1234567890"},
	}
	res, err := srv.SendWebhook(context.Background(), endpoint.URL, event)
	require.NoError(t, err)
	require.NoError(t, verifyErr, "the reference library verifies SendWebhook's signature")
	require.Equal(t, http.StatusOK, res.StatusCode)
	var answer avara.StudyAccessRequestedResponse
	require.NoError(t, res.Decode(&answer))
	assert.True(t, answer.Authorized)

	t.Run("a stale SendWebhook delivery is refused by the reference as too old", func(t *testing.T) {
		res, err := srv.SendWebhook(context.Background(), endpoint.URL, event, avaratest.WithDeliveryTime(time.Now().Add(-6*time.Minute)))
		require.NoError(t, err)
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
		assert.ErrorIs(t, verifyErr, standardwebhooks.ErrMessageTooOld)
	})
}
