package contracttest

// Interoperability of internal/webhooksig with the Standard Webhooks
// reference library for Go, the scheme's own implementation: deliveries it
// signs verify with webhooksig, webhooksig's verify with it, and the two
// agree on which tampered deliveries to refuse. The reference library lives
// here, not in the SDK's module, so that the SDK keeps its three
// dependencies. The reference library reads the real clock, so the
// deliveries it checks are stamped with time.Now(); nothing sleeps.

import (
	"encoding/base64"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/avara/avara-go/internal/webhooksig"
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
