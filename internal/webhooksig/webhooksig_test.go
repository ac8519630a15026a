package webhooksig

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The reference libraries' test vector (standard-webhooks v1.3.0,
// go/webhook_test.go and python/tests/test_webhooks.py).
const (
	vectorSecret    = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorID        = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorPayload   = `{"test": 2432232314}`
	vectorTimestamp = 1614265330
	vectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

var t0 = time.Unix(1_700_000_000, 0)

func mustKey(t testing.TB, s string) Key {
	t.Helper()
	k, err := ParseKey(s)
	require.NoError(t, err)
	return k
}

func keyOf(b byte) Key {
	k, err := NewKey([]byte(strings.Repeat(string(rune('a'+b%26)), 24)))
	if err != nil {
		panic(err)
	}
	return k
}

func TestParseKey(t *testing.T) {
	want := mustKey(t, "whsec_"+vectorSecret)
	unpadded := base64.RawStdEncoding.EncodeToString([]byte("sixteen-byte-key!"))

	accepted := []struct {
		name, in string
	}{
		{"a whsec_ key is accepted", "whsec_" + vectorSecret},
		{"a bare base64 key is accepted as the reference libraries do", vectorSecret},
		{"a key with a trailing newline is accepted", "whsec_" + vectorSecret + "\n"},
		{"a key with surrounding spaces is accepted", "  " + vectorSecret + " "},
	}
	for _, tc := range accepted {
		t.Run(tc.name, func(t *testing.T) {
			k, err := ParseKey(tc.in)
			require.NoError(t, err)
			assert.Equal(t, want.secret, k.secret)
		})
	}

	t.Run("a key without its base64 padding is accepted as Python's library does", func(t *testing.T) {
		require.True(t, len(unpadded)%4 != 0, "the test key must need padding")
		a, err := ParseKey("whsec_" + unpadded)
		require.NoError(t, err)
		b := mustKey(t, "whsec_"+base64.StdEncoding.EncodeToString([]byte("sixteen-byte-key!")))
		assert.Equal(t, b.secret, a.secret)
		assert.Equal(t, []byte("sixteen-byte-key!"), a.secret)
	})

	refused := []struct {
		name, in string
	}{
		{"an empty string is refused", ""},
		{"the prefix alone is refused", "whsec_"},
		{"padding alone is refused", "whsec_===="},
		{"a key that is not base64 is refused", "whsec_%%%%####"},
		{"a URL-safe base64 key is refused rather than decoded to another key", "whsec_-_-_-_-_"},
		{"a doubled prefix is refused", "whsec_whsec_" + vectorSecret},
		{"a key with a space inside is refused", "whsec_MfKQ9r8G KYqrTwjUPD8ILPZIo2LaLaSw"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseKey(tc.in)
			require.ErrorIs(t, err, ErrInvalidKey)
			secret := strings.TrimPrefix(strings.TrimSpace(tc.in), "whsec_")
			for _, part := range strings.Fields(secret) {
				if len(part) >= 3 {
					assert.NotContains(t, err.Error(), part, "the error quotes the key")
				}
			}
		})
	}

	t.Run("an empty raw secret is refused", func(t *testing.T) {
		_, err := NewKey(nil)
		require.ErrorIs(t, err, ErrInvalidKey)
	})

	t.Run("a raw secret is copied, not aliased", func(t *testing.T) {
		raw := []byte("raw-secret")
		k, err := NewKey(raw)
		require.NoError(t, err)
		raw[0] = 'X'
		assert.Equal(t, []byte("raw-secret"), k.secret)
	})
}

func TestKeyNeverPrintsItsSecret(t *testing.T) {
	k := mustKey(t, "whsec_"+vectorSecret)
	holder := struct{ K Key }{k}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%X", "%d", "%q"} {
		t.Run("formatting with "+verb+" prints no secret", func(t *testing.T) {
			for _, out := range []string{fmt.Sprintf(verb, k), fmt.Sprintf(verb, holder), fmt.Sprintf(verb, &k)} {
				assert.NotContains(t, out, vectorSecret)
				assert.NotContains(t, out, fmt.Sprintf("%x", k.secret))
				assert.NotContains(t, out, fmt.Sprint(k.secret))
				assert.NotContains(t, out, fmt.Sprintf("%q", k.secret))
			}
		})
	}
}

func TestSign(t *testing.T) {
	k := mustKey(t, "whsec_"+vectorSecret)

	t.Run("a signature matches the reference libraries' test vector", func(t *testing.T) {
		got := k.Sign(vectorID, time.Unix(vectorTimestamp, 0), []byte(vectorPayload))
		assert.Equal(t, vectorSignature, got)
	})

	t.Run("a timestamp is signed as whole seconds", func(t *testing.T) {
		got := k.Sign(vectorID, time.Unix(vectorTimestamp, 999_999_999), []byte(vectorPayload))
		assert.Equal(t, vectorSignature, got)
	})

	t.Run("signed headers carry the id, the timestamp and one entry per key", func(t *testing.T) {
		other := keyOf(1)
		h := SignedHeaders(vectorID, time.Unix(vectorTimestamp, 0), []byte(vectorPayload), k, other)
		assert.Equal(t, vectorID, h.ID)
		assert.Equal(t, "1614265330", h.Timestamp)
		assert.Equal(t, vectorSignature+" "+other.Sign(vectorID, time.Unix(vectorTimestamp, 0), []byte(vectorPayload)), h.Signature)
	})

	t.Run("applied headers replace what the request had", func(t *testing.T) {
		dst := http.Header{}
		dst.Add("Webhook-Signature", "v1,stale")
		h := SignedHeaders(vectorID, time.Unix(vectorTimestamp, 0), []byte(vectorPayload), k)
		h.Apply(dst)
		assert.Equal(t, []string{vectorSignature}, dst.Values(HeaderSignature))
		assert.Equal(t, vectorID, dst.Get(HeaderID))
		assert.Equal(t, "1614265330", dst.Get(HeaderTimestamp))
	})

	t.Run("signing with the zero Key panics", func(t *testing.T) {
		assert.Panics(t, func() { Key{}.Sign("id", t0, nil) })
	})
}

func TestVerify(t *testing.T) {
	key := mustKey(t, "whsec_"+vectorSecret)
	other := keyOf(7)
	payload := []byte(`{"type":"user.created","data":{"id":"usr_123"}}`)
	const id = "msg_2b8Q0Ac7LmAxF6Vd"
	good := SignedHeaders(id, t0, payload, key)
	goodSig := good.Signature
	foreignV1 := other.Sign(id, t0, payload)

	with := func(f func(h *Headers)) Headers {
		h := good
		f(&h)
		return h
	}
	flipped := append([]byte(nil), payload...)
	flipped[10] ^= 0x01

	tests := []struct {
		name    string
		key     Key // the test key unless set
		zeroKey bool
		h       Headers
		payload []byte
		now     time.Time
		tol     time.Duration
		wantErr error
	}{
		{name: "a delivery signed with the key verifies", h: good},
		{name: "a delivery verifies 5 minutes after its timestamp", h: good, now: t0.Add(5 * time.Minute)},
		{name: "a delivery verifies 5 minutes before its timestamp", h: good, now: t0.Add(-5 * time.Minute)},
		{name: "a payload changed by one byte is refused", h: good, payload: flipped, wantErr: ErrSignatureMismatch},
		{name: "a payload with a byte appended is refused", h: good, payload: append(append([]byte(nil), payload...), ' '), wantErr: ErrSignatureMismatch},
		{name: "an empty payload is refused when a payload was signed", h: good, payload: []byte{}, wantErr: ErrSignatureMismatch},
		{name: "a delivery signed with another key is refused", key: other, h: good, wantErr: ErrSignatureMismatch},
		{name: "a changed id is refused", h: with(func(h *Headers) { h.ID = "msg_other" }), wantErr: ErrSignatureMismatch},
		{name: "a changed timestamp within the window is refused", h: with(func(h *Headers) { h.Timestamp = "1700000001" }), wantErr: ErrSignatureMismatch},
		{name: "a timestamp 6 minutes old is refused", h: good, now: t0.Add(6 * time.Minute), wantErr: ErrTimestampTooOld},
		{name: "a timestamp 6 minutes ahead is refused", h: good, now: t0.Add(-6 * time.Minute), wantErr: ErrTimestampTooNew},
		{name: "a timestamp one second past the window is refused", h: good, now: t0.Add(5*time.Minute + time.Second), wantErr: ErrTimestampTooOld},
		{name: "a larger tolerance accepts a timestamp 6 minutes old", h: good, now: t0.Add(6 * time.Minute), tol: 10 * time.Minute},
		{name: "a smaller tolerance refuses a timestamp 2 minutes old", h: good, now: t0.Add(2 * time.Minute), tol: time.Minute, wantErr: ErrTimestampTooOld},
		{name: "a negative tolerance means the default one", h: good, now: t0.Add(4 * time.Minute), tol: -time.Second},
		{name: "a timestamp in year 10000 is refused as too new", h: with(func(h *Headers) { h.Timestamp = "253402300800" }), wantErr: ErrTimestampTooNew},
		{name: "a timestamp beyond int64 is refused as too new", h: with(func(h *Headers) { h.Timestamp = "99999999999999999999999999" }), wantErr: ErrTimestampTooNew},
		{name: "a timestamp of zero is refused as too old", h: with(func(h *Headers) { h.Timestamp = "0" }), wantErr: ErrTimestampTooOld},
		{name: "a missing webhook-id is refused", h: with(func(h *Headers) { h.ID = "" }), wantErr: ErrMissingHeader},
		{name: "a missing webhook-timestamp is refused", h: with(func(h *Headers) { h.Timestamp = "" }), wantErr: ErrMissingHeader},
		{name: "a missing webhook-signature is refused", h: with(func(h *Headers) { h.Signature = "" }), wantErr: ErrMissingHeader},
		{name: "a timestamp with letters is malformed", h: with(func(h *Headers) { h.Timestamp = "17000000OO" }), wantErr: ErrMalformedTimestamp},
		{name: "a timestamp with a plus sign is malformed", h: with(func(h *Headers) { h.Timestamp = "+1700000000" }), wantErr: ErrMalformedTimestamp},
		{name: "a negative timestamp is malformed", h: with(func(h *Headers) { h.Timestamp = "-1700000000" }), wantErr: ErrMalformedTimestamp},
		{name: "a timestamp with a fraction is malformed", h: with(func(h *Headers) { h.Timestamp = "1700000000.0" }), wantErr: ErrMalformedTimestamp},
		{name: "a timestamp with spaces is malformed", h: with(func(h *Headers) { h.Timestamp = " 1700000000" }), wantErr: ErrMalformedTimestamp},
		{name: "a timestamp in milliseconds is refused as too new", h: with(func(h *Headers) { h.Timestamp = "1700000000000" }), wantErr: ErrTimestampTooNew},
		{name: "several signatures verify when the last one matches", h: with(func(h *Headers) { h.Signature = foreignV1 + " " + keyOf(2).Sign(id, t0, payload) + " " + goodSig })},
		{name: "several signatures verify when the first one matches", h: with(func(h *Headers) { h.Signature = goodSig + " " + foreignV1 })},
		{name: "several signatures are refused when none matches", h: with(func(h *Headers) { h.Signature = foreignV1 + " " + keyOf(2).Sign(id, t0, payload) }), wantErr: ErrSignatureMismatch},
		{name: "entries of other versions are ignored beside a matching v1", h: with(func(h *Headers) { h.Signature = "v1a,c29tZSBlZDI1NTE5IHNpZ25hdHVyZQ== " + goodSig + " v2,anything" })},
		{name: "the right MAC under another version is refused", h: with(func(h *Headers) { h.Signature = "v2," + strings.TrimPrefix(goodSig, "v1,") }), wantErr: ErrSignatureMismatch},
		{name: "a malformed entry beside a matching one does not refuse the delivery", h: with(func(h *Headers) { h.Signature = ",,, v1,not,base64  v1 " + goodSig })},
		{name: "doubled and surrounding spaces are tolerated", h: with(func(h *Headers) { h.Signature = "  " + foreignV1 + "   " + goodSig + " " })},
		{name: "a signature header without a comma is malformed", h: with(func(h *Headers) { h.Signature = "v1" + strings.TrimPrefix(goodSig, "v1,") }), wantErr: ErrMalformedSignature},
		{name: "a signature header of spaces is malformed", h: with(func(h *Headers) { h.Signature = "   " }), wantErr: ErrMalformedSignature},
		{name: "a v1 entry that is not base64 is malformed", h: with(func(h *Headers) { h.Signature = "v1,***" }), wantErr: ErrMalformedSignature},
		{name: "an empty v1 entry is malformed", h: with(func(h *Headers) { h.Signature = "v1," }), wantErr: ErrMalformedSignature},
		{name: "a v1 entry of the wrong length is malformed", h: with(func(h *Headers) { h.Signature = "v1,c2hvcnQ=" }), wantErr: ErrMalformedSignature},
		{name: "a v1 entry with trailing data is malformed", h: with(func(h *Headers) { h.Signature = goodSig + ",extra" }), wantErr: ErrMalformedSignature},
		{name: "a v1 entry without its padding is malformed", h: with(func(h *Headers) { h.Signature = strings.TrimRight(goodSig, "=") }), wantErr: ErrMalformedSignature},
		{name: "a v1 entry with a line break inside is malformed", h: with(func(h *Headers) { h.Signature = goodSig[:10] + "\n" + goodSig[10:] }), wantErr: ErrMalformedSignature},
		{name: "an entry with an empty version is malformed", h: with(func(h *Headers) { h.Signature = "," + strings.TrimPrefix(goodSig, "v1,") }), wantErr: ErrMalformedSignature},
		{name: "the zero Key refuses every delivery", zeroKey: true, h: good, wantErr: ErrInvalidKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := tc.key
			if k.secret == nil && !tc.zeroKey {
				k = key
			}
			p := tc.payload
			if p == nil {
				p = payload
			}
			now := tc.now
			if now.IsZero() {
				now = t0
			}
			ts, err := k.Verify(tc.h, p, now, tc.tol)
			if tc.wantErr == nil {
				require.NoError(t, err)
				assert.True(t, ts.Equal(t0), "Verify returns the delivery's timestamp")
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
			assert.True(t, ts.IsZero(), "a refused delivery has no timestamp")
			assertNoSecretsIn(t, err, key, p, tc.h.Signature)
			assert.Contains(t, verifyMessages, err.Error(), "an error message is fixed text")
		})
	}
}

// assertNoSecretsIn fails when err quotes the key, the payload or the
// received signature.
func assertNoSecretsIn(t *testing.T, err error, key Key, payload []byte, signature string) {
	t.Helper()
	msg := err.Error()
	assert.NotContains(t, msg, base64.StdEncoding.EncodeToString(key.secret))
	if len(key.secret) > 0 {
		assert.NotContains(t, msg, string(key.secret))
	}
	if len(payload) >= 4 {
		assert.NotContains(t, msg, string(payload))
	}
	for _, entry := range strings.Fields(signature) {
		if _, sig, ok := strings.Cut(entry, ","); ok && len(sig) >= 4 {
			assert.NotContains(t, msg, sig)
		}
	}
}

func TestVerifyNamesTheMissingHeader(t *testing.T) {
	key := keyOf(3)
	good := SignedHeaders("msg_1", t0, []byte("{}"), key)
	for _, name := range []string{HeaderID, HeaderTimestamp, HeaderSignature} {
		t.Run("a delivery without "+name+" is refused naming it", func(t *testing.T) {
			h := http.Header{}
			good.Apply(h)
			h.Del(name)
			_, err := key.VerifyHeader(h, []byte("{}"), t0, 0)
			require.ErrorIs(t, err, ErrMissingHeader)
			var missing *MissingHeaderError
			require.ErrorAs(t, err, &missing)
			assert.Equal(t, name, missing.Header)
			assert.Contains(t, err.Error(), name)
		})
	}

	t.Run("an empty header counts as missing", func(t *testing.T) {
		h := http.Header{}
		good.Apply(h)
		h.Set(HeaderTimestamp, "")
		_, err := key.VerifyHeader(h, []byte("{}"), t0, 0)
		var missing *MissingHeaderError
		require.ErrorAs(t, err, &missing)
		assert.Equal(t, HeaderTimestamp, missing.Header)
	})
}

func TestVerifyHeader(t *testing.T) {
	key := keyOf(4)
	payload := []byte(`{"ok":true}`)
	good := SignedHeaders("msg_h", t0, payload, key)

	t.Run("canonical header keys verify", func(t *testing.T) {
		h := http.Header{}
		good.Apply(h)
		ts, err := key.VerifyHeader(h, payload, t0, 0)
		require.NoError(t, err)
		assert.True(t, ts.Equal(t0))
	})

	t.Run("lower-case header keys in a map literal verify", func(t *testing.T) {
		h := http.Header{
			"webhook-id":        {good.ID},
			"webhook-timestamp": {good.Timestamp},
			"webhook-signature": {good.Signature},
		}
		_, err := key.VerifyHeader(h, payload, t0, 0)
		require.NoError(t, err)
	})

	t.Run("only the first value of a repeated header is read", func(t *testing.T) {
		h := http.Header{}
		good.Apply(h)
		h.Add(HeaderSignature, "v1,AAAA")
		_, err := key.VerifyHeader(h, payload, t0, 0)
		require.NoError(t, err)
	})
}

func TestVerifyAcceptsTheReferenceVector(t *testing.T) {
	k := mustKey(t, vectorSecret)
	h := Headers{ID: vectorID, Timestamp: "1614265330", Signature: vectorSignature}
	_, err := k.Verify(h, []byte(vectorPayload), time.Unix(vectorTimestamp+60, 0), 0)
	require.NoError(t, err)

	t.Run("the vector in URL-safe base64 is refused", func(t *testing.T) {
		require.True(t, strings.ContainsAny(vectorSignature, "+/"), "the vector must have URL-unsafe characters")
		h := h
		h.Signature = strings.NewReplacer("+", "-", "/", "_").Replace(vectorSignature)
		_, err := k.Verify(h, []byte(vectorPayload), time.Unix(vectorTimestamp+60, 0), 0)
		require.ErrorIs(t, err, ErrMalformedSignature)
	})

	t.Run("the vector with its last base64 bits changed is refused", func(t *testing.T) {
		// "E=" and "F=" decode to the same bytes unless decoding is strict;
		// the reference libraries compare strings and refuse "F=".
		h.Signature = strings.TrimSuffix(vectorSignature, "E=") + "F="
		_, err := k.Verify(h, []byte(vectorPayload), time.Unix(vectorTimestamp+60, 0), 0)
		require.ErrorIs(t, err, ErrMalformedSignature)
	})
}

func TestSentinelErrorsAreDistinct(t *testing.T) {
	all := []error{
		ErrInvalidKey, ErrMissingHeader, ErrMalformedTimestamp, ErrTimestampTooOld,
		ErrTimestampTooNew, ErrMalformedSignature, ErrSignatureMismatch,
		ErrReplayed, ErrReplayGuardFull,
	}
	for i, a := range all {
		for j, b := range all {
			if i != j {
				assert.False(t, errors.Is(a, b), "%v matches %v", a, b)
			}
		}
	}
}

func FuzzVerify(f *testing.F) {
	f.Add([]byte(vectorSecret), vectorID, "1614265330", vectorSignature, []byte(vectorPayload), int64(vectorTimestamp), int64(0))
	f.Add([]byte("k"), "id", "17000000000000000000000", "v1,, ,v1a,x v1,====", []byte{}, int64(-1), int64(-5))
	f.Add([]byte{0}, ".", "0", "v1,"+strings.Repeat("A", 43)+"=", []byte("\x00\xff"), int64(1<<62), int64(1<<62))
	f.Add([]byte("key"), "msg", "1700000000", "  ", []byte("x"), int64(1_700_000_000), int64(time.Minute))

	f.Fuzz(func(t *testing.T, secret []byte, id, timestamp, signature string, payload []byte, nowUnix, tol int64) {
		now := time.Unix(nowUnix, 0)
		key, keyErr := NewKey(secret)

		// Arbitrary headers: never a panic, and a refusal is one of the
		// documented errors and quotes nothing secret.
		_, err := key.Verify(Headers{ID: id, Timestamp: timestamp, Signature: signature}, payload, now, time.Duration(tol))
		if keyErr != nil {
			require.ErrorIs(t, err, ErrInvalidKey)
			return
		}
		if err != nil {
			// Every message is fixed text, so none can quote the key, the
			// payload or a header.
			require.Contains(t, verifyMessages, err.Error())
			require.True(t, isDocumented(err), "undocumented error %v", err)
		}

		// Whatever was fuzzed, a delivery signed with the key at now verifies,
		// and the same delivery with the payload changed does not.
		if id == "" {
			return
		}
		h := SignedHeaders(id, now, payload, key, keyOf(byte(len(id))))
		_, err = key.Verify(h, payload, now, time.Duration(tol))
		if now.Unix() > maxUnixSeconds || now.Unix() < 0 {
			require.Error(t, err)
			return
		}
		require.NoError(t, err)
		_, err = key.Verify(h, append(append([]byte(nil), payload...), 'x'), now, time.Duration(tol))
		require.ErrorIs(t, err, ErrSignatureMismatch)
	})
}

// verifyMessages are all the texts a Verify error can have.
var verifyMessages = func() []string {
	msgs := []string{
		ErrInvalidKey.Error() + ": the zero Key has no secret",
		ErrMalformedTimestamp.Error(), ErrTimestampTooOld.Error(), ErrTimestampTooNew.Error(),
		ErrMalformedSignature.Error(), ErrSignatureMismatch.Error(),
	}
	for _, h := range []string{HeaderID, HeaderTimestamp, HeaderSignature} {
		msgs = append(msgs, (&MissingHeaderError{Header: h}).Error())
	}
	return msgs
}()

func isDocumented(err error) bool {
	for _, e := range []error{
		ErrInvalidKey, ErrMissingHeader, ErrMalformedTimestamp, ErrTimestampTooOld,
		ErrTimestampTooNew, ErrMalformedSignature, ErrSignatureMismatch,
	} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
