package avaratest_test

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests deliver events with SendWebhook to a handler built by the
// client the fake makes, as a user's own tests would.

func studyAccessEvent() *avara.StudyAccessRequestedEvent {
	return &avara.StudyAccessRequestedEvent{
		ID:   "whe_1234567890abcdef1234567890abcdef",
		Type: "study.access_requested",
		Data: avara.StudyAccessRequestedEventData{
			StudyID:          "stu_1234567890abcdef1234567890abcdef",
			StudyInstanceUID: "1.2.840.113619.2.55.3.1234567890",
		},
	}
}

// endpoint serves the client's webhook handler for study.access_requested
// and returns its URL.
func endpoint(t *testing.T, srv *avaratest.Server) string {
	t.Helper()
	client := srv.Client()
	h := client.Webhooks.Handler(avara.WebhookHandlers{
		StudyAccessRequested: func(ctx context.Context, e *avara.StudyAccessRequestedEvent) (*avara.StudyAccessRequestedResponse, error) {
			return &avara.StudyAccessRequestedResponse{
				Authorized: true,
				URLs:       []string{"https://pacs.example.com/" + e.Data.StudyID + "/1.dcm"},
			}, nil
		},
	})
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

func TestSendWebhook(t *testing.T) {
	ctx := context.Background()

	t.Run("a delivery reaches the client's handler, which answers it", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		res, err := srv.SendWebhook(ctx, endpoint(t, srv), studyAccessEvent())
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, res.StatusCode, string(res.Body))
		var answer avara.StudyAccessRequestedResponse
		require.NoError(t, res.Decode(&answer))
		assert.True(t, answer.Authorized)
		assert.Equal(t, []string{"https://pacs.example.com/stu_1234567890abcdef1234567890abcdef/1.dcm"}, answer.URLs)
		assert.True(t, strings.HasPrefix(res.ID, "msg_"), res.ID)
	})

	t.Run("a delivery carries what Avara sends, and verifies with the fake's client", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		var got *http.Request
		var body []byte
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			got = r
			body, _ = io.ReadAll(r.Body)
		}))
		t.Cleanup(ts.Close)

		_, err := srv.SendWebhook(ctx, ts.URL, studyAccessEvent())
		require.NoError(t, err)
		assert.Equal(t, http.MethodPost, got.Method)
		assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
		assert.NotEmpty(t, got.Header.Get("webhook-id"))
		stamp, err := strconv.ParseInt(got.Header.Get("webhook-timestamp"), 10, 64)
		require.NoError(t, err, "webhook-timestamp is whole Unix seconds")
		assert.InDelta(t, time.Now().Unix(), stamp, 60, "webhook-timestamp is now, on the real clock")
		assert.Regexp(t, `^v1,[A-Za-z0-9+/]{43}=$`, got.Header.Get("webhook-signature"))

		event, err := srv.Client().Webhooks.Unwrap(body, got.Header)
		require.NoError(t, err)
		assert.Equal(t, studyAccessEvent().Data.StudyID, event.(*avara.StudyAccessRequestedEvent).Data.StudyID)
	})

	t.Run("each fake has its own whsec_ key of 24 random bytes", func(t *testing.T) {
		a, b := avaratest.NewServer(), avaratest.NewServer()
		t.Cleanup(a.Close)
		t.Cleanup(b.Close)
		assert.NotEqual(t, a.WebhookKey, b.WebhookKey)
		secret, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(a.WebhookKey, "whsec_"))
		require.NoError(t, err)
		assert.Len(t, secret, 24)
	})

	t.Run("another fake's delivery is refused with 401", func(t *testing.T) {
		srv, other := avaratest.NewServer(), avaratest.NewServer()
		t.Cleanup(srv.Close)
		t.Cleanup(other.Close)
		res, err := other.SendWebhook(ctx, endpoint(t, srv), studyAccessEvent())
		require.NoError(t, err)
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
		require.ErrorContains(t, res.Decode(new(avara.StudyAccessRequestedResponse)), "answered 401")
	})

	t.Run("a delivery sent again with its id is refused as a replay", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		url := endpoint(t, srv)
		first, err := srv.SendWebhook(ctx, url, studyAccessEvent())
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, first.StatusCode)
		again, err := srv.SendWebhook(ctx, url, studyAccessEvent(), avaratest.WithDeliveryID(first.ID))
		require.NoError(t, err)
		assert.Equal(t, http.StatusConflict, again.StatusCode)
	})

	t.Run("a delivery stamped 6 minutes ago is refused as stale", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		res, err := srv.SendWebhook(ctx, endpoint(t, srv), studyAccessEvent(), avaratest.WithDeliveryTime(time.Now().Add(-6*time.Minute)))
		require.NoError(t, err)
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
		assert.Contains(t, string(res.Body), "timestamp")
	})

	t.Run("an event decoded by the client is sent as its raw JSON", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		raw := `{"id":"whe_1","type":"study.access_requested","data":{"studyId":"stu_1","studyInstanceUid":"1.2"},"future":"kept"}`
		event, err := srv.Client().Webhooks.UnsafeUnwrap([]byte(raw))
		require.NoError(t, err)
		var body []byte
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { body, _ = io.ReadAll(r.Body) }))
		t.Cleanup(ts.Close)
		_, err = srv.SendWebhook(ctx, ts.URL, event)
		require.NoError(t, err)
		assert.Equal(t, raw, string(body))
	})

	t.Run("an event without its Type is refused before anything is sent", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		event := studyAccessEvent()
		event.Type = ""
		_, err := srv.SendWebhook(ctx, "http://127.0.0.1:1", event)
		require.ErrorContains(t, err, "set its Type field")
	})

	t.Run("a nil event is an error, not a panic", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		_, err := srv.SendWebhook(ctx, "http://127.0.0.1:1", nil)
		require.ErrorContains(t, err, "nil")
	})

	t.Run("a redirect is the answer, not followed", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		ts := httptest.NewServer(http.RedirectHandler("http://127.0.0.1:1/elsewhere", http.StatusTemporaryRedirect))
		t.Cleanup(ts.Close)
		res, err := srv.SendWebhook(ctx, ts.URL, studyAccessEvent())
		require.NoError(t, err)
		assert.Equal(t, http.StatusTemporaryRedirect, res.StatusCode)
	})

	t.Run("a 200 with no body cannot be decoded", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		ts := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		t.Cleanup(ts.Close)
		res, err := srv.SendWebhook(ctx, ts.URL, studyAccessEvent())
		require.NoError(t, err)
		require.ErrorContains(t, res.Decode(new(avara.StudyAccessRequestedResponse)), "no body")
	})

	t.Run("a cancelled context ends the delivery", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := srv.SendWebhook(cctx, endpoint(t, srv), studyAccessEvent())
		require.ErrorIs(t, err, context.Canceled)
	})
}
