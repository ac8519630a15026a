package avara_test

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/internal/fakeclock"
	"github.com/avara/avara-go/internal/webhooksig"
	"github.com/avara/avara-go/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests of client.Webhooks: Unwrap, UnsafeUnwrap and Handler. Every
// delivery is stamped and checked on a fake clock, so that "6 minutes old"
// is exact and nothing sleeps.

// whT0 is the fake clock's time in these tests.
var whT0 = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// Two keys: the endpoint's, and another that must not verify.
const (
	whKey      = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	whOtherKey = "whsec_c2VjcmV0Cg=="
	// whSecretB64 is the base64 part of whKey: no error may contain it.
	whSecretB64 = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
)

// The seven events, with the field values of the official SDKs' tests
// (avara-java's UnwrapWebhookEventTest and the Python SDK's test_webhooks).
const (
	whStudyAccess       = `{"id":"whe_1234567890abcdef1234567890abcdef","data":{"studyId":"stu_1234567890abcdef1234567890abcdef","studyInstanceUid":"1.2.840.113619.2.55.3.1234567890"},"type":"study.access_requested"}`
	whEphemeralAccess   = `{"id":"whe_1234567890abcdef1234567890abcdef","data":{"retrievalId":"order-12345","options":{"studyInstanceUids":"bar"}},"type":"ephemeral.access_requested"}`
	whReportDelivered   = `{"id":"whe_1234567890abcdef1234567890abcdef","data":{"isCritical":false,"presignedUrl":"https://storage.avarasoftware.com/reports/rep_1234.pdf?token=xyz789","reportId":"rep_1234567890abcdef1234567890abcdef","studyId":"stu_1234567890abcdef1234567890abcdef","plainText":"FINDINGS: Normal brain MRI. No acute intracranial abnormality..."},"type":"report.delivered"}`
	whSecondaryCapture  = `{"id":"whe_1234567890abcdef1234567890abcdef","data":{"studyId":"stu_1234567890abcdef1234567890abcdef","studyInstanceUid":"1.2.840.113619.2.55.3.1234567890","seriesInstanceUid":"1.2.840.113619.2.55.3.1234567890.1","sopInstanceUid":"1.2.840.113619.2.55.3.1234567890.1.1"},"type":"secondary_capture.access_requested"}`
	whModalityWorklist  = `{"id":"whe_1234567890abcdef1234567890abcdef","data":{"callingAe":"CT_SCANNER_01","clinicId":"123e4567-e89b-12d3-a456-426614174000","dateEnd":"2026-08-13","dateStart":"2026-08-13","sourceIp":"10.0.0.25","modality":"CT"},"type":"modality_worklist.requested"}`
	whPatientStudy      = `{"id":"whe_1234567890abcdef1234567890abcdef","data":{"clinicId":"123e4567-e89b-12d3-a456-426614174000","studyInstanceUid":"1.2.840.113619.2.55.3.1234567890","accessionNumber":"ACC-98765","patientId":"MRN-12345"},"type":"patient_study.enrichment_requested"}`
	whClinicalContext   = `{"id":"whe_1234567890abcdef1234567890abcdef","data":{"clinicId":"123e4567-e89b-12d3-a456-426614174000","studyId":"123e4567-e89b-12d3-a456-426614174111","studyInstanceUid":"1.2.840.113619.2.55.3.1234567890","externalPatientId":"EHR-999","mrn":"MRN-12345"},"type":"clinical_context.enrichment_requested"}`
	whUnknownEventType  = `{"id":"whe_1234567890abcdef1234567890abcdef","data":{"x":1},"type":"study.archived","extra":true}`
	whDeliveryID        = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
	whPayloadSecretWord = "FINDINGS"
)

// whClient is a client with the endpoint's key on a fake clock at whT0.
func whClient(t *testing.T, opts ...option.RequestOption) (*avara.Client, *fakeclock.Clock) {
	t.Helper()
	t.Setenv("AVARA_WEBHOOK_KEY", "")
	clock := fakeclock.New(whT0)
	base := []option.RequestOption{option.WithAPIKey("sk_test"), option.WithWebhookKey(whKey), withClock(clock)}
	return avara.NewClient(append(base, opts...)...), clock
}

// whSign returns the headers of a delivery of payload signed with key,
// stamped at ts.
func whSign(t *testing.T, key string, id string, ts time.Time, payload string) http.Header {
	t.Helper()
	k, err := webhooksig.ParseKey(key)
	require.NoError(t, err)
	h := http.Header{}
	webhooksig.SignedHeaders(id, ts, []byte(payload), k).Apply(h)
	return h
}

// whSentinels are the errors a delivery can be refused with; each refusal
// must match exactly one.
var whSentinels = []error{
	avara.ErrWebhookSignature, avara.ErrWebhookTimestamp, avara.ErrWebhookMissingHeader,
	avara.ErrWebhookReplayed, avara.ErrWebhookPayload, avara.ErrWebhookKey,
	avara.ErrWebhookBodyTooLarge, avara.ErrWebhookUnhandled,
}

// assertOnlySentinel checks that err matches want and no other sentinel,
// and quotes neither the key, nor the payload, nor the delivery's id.
func assertOnlySentinel(t *testing.T, err, want error) {
	t.Helper()
	require.ErrorIs(t, err, want)
	for _, s := range whSentinels {
		if s != want {
			assert.NotErrorIs(t, err, s)
		}
	}
	assert.True(t, strings.HasPrefix(err.Error(), "avara: "), "%q does not start with avara:", err)
	for _, secret := range []string{whSecretB64, whPayloadSecretWord, "stu_1234", "whe_1234", whDeliveryID} {
		assert.NotContains(t, err.Error(), secret)
	}
}

func TestWebhookUnwrapRefusesEachForgeryWithItsOwnError(t *testing.T) {
	client, _ := whClient(t)
	payload := whReportDelivered
	good := whSign(t, whKey, whDeliveryID, whT0, payload)
	without := func(name string) http.Header {
		h := good.Clone()
		h.Del(name)
		return h
	}
	with := func(name, value string) http.Header {
		h := good.Clone()
		h.Set(name, value)
		return h
	}
	// One byte changed: the capital F of FINDINGS made lower case.
	tampered := strings.Replace(payload, "FINDINGS", "fINDINGS", 1)

	tests := []struct {
		name       string
		payload    string
		headers    http.Header
		wantErr    error
		wantDetail string
	}{
		{name: "a payload changed by one byte is a bad signature", payload: tampered, headers: good,
			wantErr: avara.ErrWebhookSignature, wantDetail: "no v1 signature matches"},
		{name: "a signature made with another key is a bad signature", payload: payload,
			headers: whSign(t, whOtherKey, whDeliveryID, whT0, payload), wantErr: avara.ErrWebhookSignature},
		{name: "a signature for another id is a bad signature", payload: payload,
			headers: with("webhook-id", "msg_other"), wantErr: avara.ErrWebhookSignature},
		{name: "a malformed signature header is a bad signature", payload: payload,
			headers: with("webhook-signature", "v1,not base64"), wantErr: avara.ErrWebhookSignature, wantDetail: "well-formed"},
		{name: "a timestamp 6 minutes old is outside the tolerance", payload: payload,
			headers: whSign(t, whKey, whDeliveryID, whT0.Add(-6*time.Minute), payload), wantErr: avara.ErrWebhookTimestamp, wantDetail: "before now"},
		{name: "a timestamp 6 minutes ahead is outside the tolerance", payload: payload,
			headers: whSign(t, whKey, whDeliveryID, whT0.Add(6*time.Minute), payload), wantErr: avara.ErrWebhookTimestamp, wantDetail: "ahead of now"},
		{name: "a timestamp that is not Unix seconds is refused as a timestamp", payload: payload,
			headers: with("webhook-timestamp", "2026-12-07T10:00:00Z"), wantErr: avara.ErrWebhookTimestamp},
		{name: "a missing webhook-id is a missing header", payload: payload, headers: without("webhook-id"),
			wantErr: avara.ErrWebhookMissingHeader, wantDetail: "webhook-id"},
		{name: "a missing webhook-timestamp is a missing header", payload: payload, headers: without("webhook-timestamp"),
			wantErr: avara.ErrWebhookMissingHeader, wantDetail: "webhook-timestamp"},
		{name: "a missing webhook-signature is a missing header", payload: payload, headers: without("webhook-signature"),
			wantErr: avara.ErrWebhookMissingHeader, wantDetail: "webhook-signature"},
		{name: "no headers at all is a missing header", payload: payload, headers: nil, wantErr: avara.ErrWebhookMissingHeader},
		{name: "a signed payload that is not JSON is a malformed payload", payload: "FINDINGS: not JSON",
			headers: whSign(t, whKey, whDeliveryID, whT0, "FINDINGS: not JSON"), wantErr: avara.ErrWebhookPayload},
		{name: "a signed JSON array is a malformed payload", payload: `["FINDINGS"]`,
			headers: whSign(t, whKey, whDeliveryID, whT0, `["FINDINGS"]`), wantErr: avara.ErrWebhookPayload},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			event, err := client.Webhooks.Unwrap([]byte(tc.payload), tc.headers)
			assert.Nil(t, event)
			assertOnlySentinel(t, err, tc.wantErr)
			assert.Contains(t, err.Error(), tc.wantDetail)
		})
	}
}

func TestWebhookUnwrapAcceptsGenuineDeliveries(t *testing.T) {
	client, _ := whClient(t)
	payload := whStudyAccess

	tests := []struct {
		name    string
		headers http.Header
	}{
		{name: "a delivery signed with the key now is accepted", headers: whSign(t, whKey, whDeliveryID, whT0, payload)},
		{name: "a delivery exactly 5 minutes old is accepted", headers: whSign(t, whKey, whDeliveryID, whT0.Add(-5*time.Minute), payload)},
		{name: "a delivery exactly 5 minutes ahead is accepted", headers: whSign(t, whKey, whDeliveryID, whT0.Add(5*time.Minute), payload)},
		{name: "a delivery signed with an old and a new key is accepted under either", headers: func() http.Header {
			h := whSign(t, whOtherKey, whDeliveryID, whT0, payload)
			h.Set("webhook-signature", h.Get("webhook-signature")+" "+whSign(t, whKey, whDeliveryID, whT0, payload).Get("webhook-signature"))
			return h
		}()},
		{name: "headers in lower case, as a map literal spells them, are found", headers: func() http.Header {
			h := whSign(t, whKey, whDeliveryID, whT0, payload)
			return http.Header{"webhook-id": h.Values("Webhook-Id"), "webhook-timestamp": h.Values("Webhook-Timestamp"), "webhook-signature": h.Values("Webhook-Signature")}
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			event, err := client.Webhooks.Unwrap([]byte(payload), tc.headers)
			require.NoError(t, err)
			e, ok := event.(*avara.StudyAccessRequestedEvent)
			require.True(t, ok, "got %T", event)
			assert.Equal(t, "stu_1234567890abcdef1234567890abcdef", e.Data.StudyID)
		})
	}
}

func TestWebhookEventsDecodeFromTheOfficialFieldNames(t *testing.T) {
	client, _ := whClient(t)
	tests := []struct {
		name    string
		payload string
		check   func(t *testing.T, event avara.WebhookEvent)
	}{
		{name: "study.access_requested decodes to a StudyAccessRequestedEvent", payload: whStudyAccess, check: func(t *testing.T, event avara.WebhookEvent) {
			e := event.(*avara.StudyAccessRequestedEvent)
			assert.Equal(t, "whe_1234567890abcdef1234567890abcdef", e.ID)
			assert.Equal(t, "study.access_requested", e.Type)
			assert.Equal(t, "stu_1234567890abcdef1234567890abcdef", e.Data.StudyID)
			assert.Equal(t, "1.2.840.113619.2.55.3.1234567890", e.Data.StudyInstanceUID)
			assert.True(t, e.Data.JSON.StudyInstanceUID.Valid())
		}},
		{name: "ephemeral.access_requested decodes to an EphemeralAccessRequestedEvent", payload: whEphemeralAccess, check: func(t *testing.T, event avara.WebhookEvent) {
			e := event.(*avara.EphemeralAccessRequestedEvent)
			assert.Equal(t, "order-12345", e.Data.RetrievalID)
			assert.Equal(t, "bar", e.Data.Options["studyInstanceUids"])
		}},
		{name: "report.delivered decodes to a ReportDeliveredEvent", payload: whReportDelivered, check: func(t *testing.T, event avara.WebhookEvent) {
			e := event.(*avara.ReportDeliveredEvent)
			assert.False(t, e.Data.IsCritical)
			assert.True(t, e.Data.JSON.IsCritical.Valid(), "false was sent, not left out")
			assert.Equal(t, "https://storage.avarasoftware.com/reports/rep_1234.pdf?token=xyz789", e.Data.PresignedURL)
			assert.Equal(t, "rep_1234567890abcdef1234567890abcdef", e.Data.ReportID)
			assert.Equal(t, "stu_1234567890abcdef1234567890abcdef", e.Data.StudyID)
			assert.Equal(t, "FINDINGS: Normal brain MRI. No acute intracranial abnormality...", e.Data.PlainText)
		}},
		{name: "secondary_capture.access_requested decodes to a SecondaryCaptureAccessRequestedEvent", payload: whSecondaryCapture, check: func(t *testing.T, event avara.WebhookEvent) {
			e := event.(*avara.SecondaryCaptureAccessRequestedEvent)
			assert.Equal(t, "stu_1234567890abcdef1234567890abcdef", e.Data.StudyID)
			assert.Equal(t, "1.2.840.113619.2.55.3.1234567890", e.Data.StudyInstanceUID)
			assert.Equal(t, "1.2.840.113619.2.55.3.1234567890.1", e.Data.SeriesInstanceUID)
			assert.Equal(t, "1.2.840.113619.2.55.3.1234567890.1.1", e.Data.SOPInstanceUID)
		}},
		{name: "modality_worklist.requested decodes to a ModalityWorklistRequestedEvent", payload: whModalityWorklist, check: func(t *testing.T, event avara.WebhookEvent) {
			e := event.(*avara.ModalityWorklistRequestedEvent)
			assert.Equal(t, "CT_SCANNER_01", e.Data.CallingAE)
			assert.Equal(t, "123e4567-e89b-12d3-a456-426614174000", e.Data.ClinicID)
			assert.Equal(t, "2026-08-13", e.Data.DateEnd)
			assert.Equal(t, "2026-08-13", e.Data.DateStart)
			assert.Equal(t, "10.0.0.25", e.Data.SourceIP)
			assert.Equal(t, "CT", e.Data.Modality)
		}},
		{name: "patient_study.enrichment_requested decodes to a PatientStudyEnrichmentRequestedEvent", payload: whPatientStudy, check: func(t *testing.T, event avara.WebhookEvent) {
			e := event.(*avara.PatientStudyEnrichmentRequestedEvent)
			assert.Equal(t, "123e4567-e89b-12d3-a456-426614174000", e.Data.ClinicID)
			assert.Equal(t, "1.2.840.113619.2.55.3.1234567890", e.Data.StudyInstanceUID)
			assert.Equal(t, "ACC-98765", e.Data.AccessionNumber)
			assert.Equal(t, "MRN-12345", e.Data.PatientID)
		}},
		{name: "clinical_context.enrichment_requested decodes to a ClinicalContextEnrichmentRequestedEvent", payload: whClinicalContext, check: func(t *testing.T, event avara.WebhookEvent) {
			e := event.(*avara.ClinicalContextEnrichmentRequestedEvent)
			assert.Equal(t, "123e4567-e89b-12d3-a456-426614174000", e.Data.ClinicID)
			assert.Equal(t, "123e4567-e89b-12d3-a456-426614174111", e.Data.StudyID)
			assert.Equal(t, "1.2.840.113619.2.55.3.1234567890", e.Data.StudyInstanceUID)
			assert.Equal(t, "EHR-999", e.Data.ExternalPatientID)
			assert.Equal(t, "MRN-12345", e.Data.MRN)
		}},
		{name: "an unknown type decodes to an UnknownWebhookEvent that keeps its JSON", payload: whUnknownEventType, check: func(t *testing.T, event avara.WebhookEvent) {
			e := event.(*avara.UnknownWebhookEvent)
			assert.Equal(t, "study.archived", e.Type)
			assert.Equal(t, "whe_1234567890abcdef1234567890abcdef", e.ID)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			event, err := client.Webhooks.Unwrap([]byte(tc.payload), whSign(t, whKey, whDeliveryID, whT0, tc.payload))
			require.NoError(t, err)
			tc.check(t, event)
			assert.JSONEq(t, tc.payload, event.RawJSON())

			unverified, err := client.Webhooks.UnsafeUnwrap([]byte(tc.payload))
			require.NoError(t, err)
			assert.Equal(t, event, unverified, "UnsafeUnwrap decodes as Unwrap does")
		})
	}
}

func TestWebhookUnsafeUnwrapRefusesWhatIsNotAnEvent(t *testing.T) {
	var client avara.Client // UnsafeUnwrap needs no key, nor a client built by NewClient
	for _, payload := range []string{"", "null", "FINDINGS", `"FINDINGS"`, `[{"type":"study.access_requested"}]`, `{"type":"report.delivered","data":{"plainText":"FINDINGS`} {
		t.Run("the payload "+strconv.Quote(payload)+" is a malformed payload", func(t *testing.T) {
			event, err := client.Webhooks.UnsafeUnwrap([]byte(payload))
			assert.Nil(t, event)
			assertOnlySentinel(t, err, avara.ErrWebhookPayload)
		})
	}
}

func TestWebhookKeySettings(t *testing.T) {
	payload := whStudyAccess
	now := time.Now()
	headers := whSign(t, whKey, whDeliveryID, now, payload)

	t.Run("a client without a key fails with an error that says how to set one", func(t *testing.T) {
		t.Setenv("AVARA_WEBHOOK_KEY", "")
		_, err := avara.NewClient().Webhooks.Unwrap([]byte(payload), headers)
		assertOnlySentinel(t, err, avara.ErrWebhookKey)
		assert.Contains(t, err.Error(), "AVARA_WEBHOOK_KEY")
		assert.Contains(t, err.Error(), "option.WithWebhookKey")
	})
	t.Run("a malformed key from the option fails naming the option and not the key", func(t *testing.T) {
		t.Setenv("AVARA_WEBHOOK_KEY", "")
		_, err := avara.NewClient(option.WithWebhookKey("whsec_not*base64")).Webhooks.Unwrap([]byte(payload), headers)
		assertOnlySentinel(t, err, avara.ErrWebhookKey)
		assert.Contains(t, err.Error(), "option.WithWebhookKey")
		assert.NotContains(t, err.Error(), "not*base64")
	})
	t.Run("a malformed key from the environment fails naming the variable and not the key", func(t *testing.T) {
		t.Setenv("AVARA_WEBHOOK_KEY", "whsec_not*base64")
		_, err := avara.NewClient().Webhooks.Unwrap([]byte(payload), headers)
		assertOnlySentinel(t, err, avara.ErrWebhookKey)
		assert.Contains(t, err.Error(), "the AVARA_WEBHOOK_KEY environment variable")
		assert.NotContains(t, err.Error(), "not*base64")
	})
	t.Run("the key from the environment verifies", func(t *testing.T) {
		t.Setenv("AVARA_WEBHOOK_KEY", whKey)
		_, err := avara.NewClient().Webhooks.Unwrap([]byte(payload), headers)
		require.NoError(t, err)
	})
	t.Run("a zero Client reads the key from the environment", func(t *testing.T) {
		t.Setenv("AVARA_WEBHOOK_KEY", whKey)
		var client avara.Client
		_, err := client.Webhooks.Unwrap([]byte(payload), headers)
		require.NoError(t, err)
	})
	t.Run("the option wins over the environment", func(t *testing.T) {
		t.Setenv("AVARA_WEBHOOK_KEY", whOtherKey)
		_, err := avara.NewClient(option.WithWebhookKey(whKey)).Webhooks.Unwrap([]byte(payload), headers)
		require.NoError(t, err)
	})
	t.Run("a malformed webhook key does not fail the client's API calls", func(t *testing.T) {
		srv := avaratest.NewServer()
		t.Cleanup(srv.Close)
		client := srv.Client(option.WithWebhookKey("whsec_not*base64"))
		_, err := client.Express.List(context.Background(), avara.ExpressListParams{})
		require.NoError(t, err)
	})
	t.Run("a key without its whsec_ prefix verifies, as in the other SDKs", func(t *testing.T) {
		t.Setenv("AVARA_WEBHOOK_KEY", "")
		_, err := avara.NewClient(option.WithWebhookKey(whSecretB64)).Webhooks.Unwrap([]byte(payload), headers)
		require.NoError(t, err)
	})
}

// whDeliver sends one delivery straight to h and returns the recorded
// answer.
func whDeliver(h http.Handler, method string, payload string, headers http.Header) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/webhooks/avara", strings.NewReader(payload))
	for k, vs := range headers {
		req.Header[k] = vs
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// whRecorder records what a handler's error log was told.
type whRecorder struct{ errs []error }

func (r *whRecorder) option() avara.WebhookHandlerOption {
	return avara.WithWebhookErrorLog(func(_ *http.Request, err error) { r.errs = append(r.errs, err) })
}

func whHandlers(calls *atomic.Int32) avara.WebhookHandlers {
	return avara.WebhookHandlers{
		StudyAccessRequested: func(ctx context.Context, e *avara.StudyAccessRequestedEvent) (*avara.StudyAccessRequestedResponse, error) {
			calls.Add(1)
			if e.Data.StudyID == "stu_fail" {
				return nil, errors.New("storage is down: FINDINGS")
			}
			return &avara.StudyAccessRequestedResponse{
				Authorized: true,
				URLs:       []string{"https://pacs.example.com/" + e.Data.StudyID + "/1.dcm"},
			}, nil
		},
		ReportDelivered: func(ctx context.Context, e *avara.ReportDeliveredEvent) (*avara.ReportDeliveredResponse, error) {
			calls.Add(1)
			return nil, nil
		},
	}
}

func TestWebhookHandlerAnswers(t *testing.T) {
	payload := whStudyAccess
	signed := func(p string) http.Header { return whSign(t, whKey, whDeliveryID, whT0, p) }
	without := func(name string) http.Header {
		h := signed(payload)
		h.Del(name)
		return h
	}
	failing := strings.Replace(payload, "stu_1234567890abcdef1234567890abcdef", "stu_fail", 1)

	tests := []struct {
		name      string
		method    string
		payload   string
		headers   http.Header
		wantCode  int
		wantBody  string // JSON, or exact text when wantText
		wantText  bool
		wantErr   error // what the error log is told; nil for nothing
		wantCalls int32
	}{
		{name: "a genuine study.access_requested is answered with the function's response as JSON",
			payload: payload, headers: signed(payload), wantCode: 200, wantCalls: 1,
			wantBody: `{"authorized":true,"urls":["https://pacs.example.com/stu_1234567890abcdef1234567890abcdef/1.dcm"]}`},
		{name: "a function that returns no response is answered 200 with no body",
			payload: whReportDelivered, headers: signed(whReportDelivered), wantCode: 200, wantCalls: 1, wantText: true},
		{name: "an event with no function registered is acknowledged with 204",
			payload: whModalityWorklist, headers: signed(whModalityWorklist), wantCode: 204, wantText: true, wantErr: avara.ErrWebhookUnhandled},
		{name: "an event of an unknown type is acknowledged with 204",
			payload: whUnknownEventType, headers: signed(whUnknownEventType), wantCode: 204, wantText: true, wantErr: avara.ErrWebhookUnhandled},
		{name: "a function's error is a 500 that does not tell the sender its text",
			payload: failing, headers: signed(failing), wantCode: 500, wantCalls: 1, wantText: true, wantBody: "Internal Server Error\n"},
		{name: "a payload changed by one byte is refused with 401",
			payload: strings.Replace(payload, "stu_1", "stu_2", 1), headers: signed(payload), wantCode: 401, wantErr: avara.ErrWebhookSignature},
		{name: "a signature made with another key is refused with 401",
			payload: payload, headers: whSign(t, whOtherKey, whDeliveryID, whT0, payload), wantCode: 401, wantErr: avara.ErrWebhookSignature},
		{name: "a timestamp 6 minutes old is refused with 401",
			payload: payload, headers: whSign(t, whKey, whDeliveryID, whT0.Add(-6*time.Minute), payload), wantCode: 401, wantErr: avara.ErrWebhookTimestamp},
		{name: "a timestamp 6 minutes ahead is refused with 401",
			payload: payload, headers: whSign(t, whKey, whDeliveryID, whT0.Add(6*time.Minute), payload), wantCode: 401, wantErr: avara.ErrWebhookTimestamp},
		{name: "a missing webhook-signature is refused with 401",
			payload: payload, headers: without("webhook-signature"), wantCode: 401, wantErr: avara.ErrWebhookMissingHeader},
		{name: "a missing webhook-id is refused with 401",
			payload: payload, headers: without("webhook-id"), wantCode: 401, wantErr: avara.ErrWebhookMissingHeader},
		{name: "a signed payload that is not an event is refused with 400",
			payload: `[1]`, headers: signed(`[1]`), wantCode: 400, wantErr: avara.ErrWebhookPayload},
		{name: "a GET is refused with 405",
			method: http.MethodGet, payload: "", headers: signed(""), wantCode: 405},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, _ := whClient(t)
			var calls atomic.Int32
			var log whRecorder
			h := client.Webhooks.Handler(whHandlers(&calls), log.option())
			method := tc.method
			if method == "" {
				method = http.MethodPost
			}
			rec := whDeliver(h, method, tc.payload, tc.headers)

			assert.Equal(t, tc.wantCode, rec.Code, rec.Body.String())
			assert.Equal(t, tc.wantCalls, calls.Load(), "calls of the function")
			switch {
			case tc.wantCode == 200 && !tc.wantText:
				assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
				assert.JSONEq(t, tc.wantBody, rec.Body.String())
			case tc.wantText:
				assert.Equal(t, tc.wantBody, rec.Body.String())
			}
			assert.NotContains(t, rec.Body.String(), whPayloadSecretWord)
			if tc.wantErr != nil {
				require.Len(t, log.errs, 1)
				assertOnlySentinel(t, log.errs[0], tc.wantErr)
				if tc.wantCode >= 400 {
					assert.Equal(t, log.errs[0].Error()+"\n", rec.Body.String(), "a refusal tells the sender why")
				}
			}
		})
	}
}

func TestWebhookHandlerRefusesAReplayedID(t *testing.T) {
	client, clock := whClient(t)
	var calls atomic.Int32
	var log whRecorder
	h := client.Webhooks.Handler(whHandlers(&calls), log.option())
	payload := whStudyAccess

	first := whDeliver(h, http.MethodPost, payload, whSign(t, whKey, whDeliveryID, whT0, payload))
	require.Equal(t, 200, first.Code)

	clock.Advance(time.Minute)
	replay := whDeliver(h, http.MethodPost, payload, whSign(t, whKey, whDeliveryID, whT0, payload))
	assert.Equal(t, http.StatusConflict, replay.Code)
	retry := whDeliver(h, http.MethodPost, payload, whSign(t, whKey, whDeliveryID, whT0.Add(time.Minute), payload))
	assert.Equal(t, http.StatusConflict, retry.Code, "a retry with a new timestamp has the same id")
	assert.Equal(t, int32(1), calls.Load(), "the function ran once")
	require.Len(t, log.errs, 2)
	assertOnlySentinel(t, log.errs[0], avara.ErrWebhookReplayed)

	other := whDeliver(h, http.MethodPost, payload, whSign(t, whKey, "msg_other", whT0.Add(time.Minute), payload))
	assert.Equal(t, 200, other.Code, "another id is another delivery")
}

func TestWebhookHandlerForgetsTheIDOfAFailedDelivery(t *testing.T) {
	client, _ := whClient(t)
	var fail atomic.Bool
	fail.Store(true)
	h := client.Webhooks.Handler(avara.WebhookHandlers{
		ReportDelivered: func(context.Context, *avara.ReportDeliveredEvent) (*avara.ReportDeliveredResponse, error) {
			if fail.Load() {
				return nil, errors.New("database unavailable")
			}
			return &avara.ReportDeliveredResponse{Success: true}, nil
		},
	})
	payload := whReportDelivered
	require.Equal(t, 500, whDeliver(h, http.MethodPost, payload, whSign(t, whKey, whDeliveryID, whT0, payload)).Code)
	fail.Store(false)
	retry := whDeliver(h, http.MethodPost, payload, whSign(t, whKey, whDeliveryID, whT0, payload))
	assert.Equal(t, 200, retry.Code, "Avara's retry of a failed delivery is handled")
	assert.JSONEq(t, `{"success":true}`, retry.Body.String())
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func TestWebhookHandlerBoundsTheBody(t *testing.T) {
	const limit = 1024
	big := `{"type":"report.delivered","data":{"plainText":"` + strings.Repeat("x", 10*limit) + `"}}`

	t.Run("a body over the limit by Content-Length is refused with 413 without reading it", func(t *testing.T) {
		client, _ := whClient(t)
		var log whRecorder
		h := client.Webhooks.Handler(avara.WebhookHandlers{}, avara.WithWebhookBodyLimit(limit), log.option())
		body := &countingReader{r: strings.NewReader(big)}
		req := httptest.NewRequest(http.MethodPost, "/", body)
		req.ContentLength = int64(len(big))
		for k, vs := range whSign(t, whKey, whDeliveryID, whT0, big) {
			req.Header[k] = vs
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		assert.Zero(t, body.n.Load(), "bytes read")
		require.Len(t, log.errs, 1)
		assertOnlySentinel(t, log.errs[0], avara.ErrWebhookBodyTooLarge)
	})
	t.Run("a body over the limit of unknown length is refused with 413 after reading no more than the limit", func(t *testing.T) {
		client, _ := whClient(t)
		h := client.Webhooks.Handler(avara.WebhookHandlers{}, avara.WithWebhookBodyLimit(limit))
		body := &countingReader{r: strings.NewReader(big)}
		req := httptest.NewRequest(http.MethodPost, "/", body)
		req.ContentLength = -1
		for k, vs := range whSign(t, whKey, whDeliveryID, whT0, big) {
			req.Header[k] = vs
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		assert.LessOrEqual(t, body.n.Load(), int64(limit+1), "bytes read")
	})
	t.Run("a request without its headers is refused before its body is read", func(t *testing.T) {
		client, _ := whClient(t)
		h := client.Webhooks.Handler(avara.WebhookHandlers{})
		body := &countingReader{r: strings.NewReader(big)}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", body))
		assert.Equal(t, http.StatusUnauthorized, rec.Code)
		assert.Zero(t, body.n.Load(), "bytes read")
	})
	t.Run("a body at the limit is read", func(t *testing.T) {
		client, _ := whClient(t)
		h := client.Webhooks.Handler(avara.WebhookHandlers{}, avara.WithWebhookBodyLimit(int64(len(whStudyAccess))))
		rec := whDeliver(h, http.MethodPost, whStudyAccess, whSign(t, whKey, whDeliveryID, whT0, whStudyAccess))
		assert.Equal(t, http.StatusNoContent, rec.Code)
	})
}

func TestWebhookHandlerOptions(t *testing.T) {
	payload := whStudyAccess
	t.Run("a longer tolerance accepts a delivery 6 minutes old", func(t *testing.T) {
		client, _ := whClient(t)
		var calls atomic.Int32
		h := client.Webhooks.Handler(whHandlers(&calls), avara.WithWebhookTolerance(10*time.Minute))
		rec := whDeliver(h, http.MethodPost, payload, whSign(t, whKey, whDeliveryID, whT0.Add(-6*time.Minute), payload))
		assert.Equal(t, 200, rec.Code)
	})
	t.Run("a replay window shorter than the tolerance is raised to it", func(t *testing.T) {
		client, clock := whClient(t)
		var calls atomic.Int32
		h := client.Webhooks.Handler(whHandlers(&calls), avara.WithWebhookReplayWindow(time.Second))
		require.Equal(t, 200, whDeliver(h, http.MethodPost, payload, whSign(t, whKey, whDeliveryID, whT0, payload)).Code)
		clock.Advance(4 * time.Minute)
		assert.Equal(t, http.StatusConflict, whDeliver(h, http.MethodPost, payload, whSign(t, whKey, whDeliveryID, whT0, payload)).Code)
	})
	t.Run("a replay window longer than the tolerance refuses a retry for longer", func(t *testing.T) {
		client, clock := whClient(t)
		var calls atomic.Int32
		h := client.Webhooks.Handler(whHandlers(&calls), avara.WithWebhookReplayWindow(time.Hour))
		require.Equal(t, 200, whDeliver(h, http.MethodPost, payload, whSign(t, whKey, whDeliveryID, whT0, payload)).Code)
		clock.Advance(30 * time.Minute)
		retry := whSign(t, whKey, whDeliveryID, whT0.Add(30*time.Minute), payload)
		assert.Equal(t, http.StatusConflict, whDeliver(h, http.MethodPost, payload, retry).Code)
	})
	t.Run("a full replay memory answers 503 with Retry-After, so that Avara retries", func(t *testing.T) {
		client, _ := whClient(t)
		var calls atomic.Int32
		h := client.Webhooks.Handler(whHandlers(&calls), avara.WithWebhookReplayCapacity(1))
		require.Equal(t, 200, whDeliver(h, http.MethodPost, payload, whSign(t, whKey, "msg_1", whT0, payload)).Code)
		rec := whDeliver(h, http.MethodPost, payload, whSign(t, whKey, "msg_2", whT0, payload))
		assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
		assert.NotEmpty(t, rec.Header().Get("Retry-After"))
	})
	t.Run("a handler whose client has no key answers 500 and logs how to set one", func(t *testing.T) {
		t.Setenv("AVARA_WEBHOOK_KEY", "")
		var log whRecorder
		h := avara.NewClient().Webhooks.Handler(avara.WebhookHandlers{}, log.option())
		rec := whDeliver(h, http.MethodPost, payload, whSign(t, whKey, whDeliveryID, time.Now(), payload))
		assert.Equal(t, 500, rec.Code)
		require.Len(t, log.errs, 1)
		assertOnlySentinel(t, log.errs[0], avara.ErrWebhookKey)
		assert.Contains(t, log.errs[0].Error(), "AVARA_WEBHOOK_KEY")
	})
	t.Run("the function gets the request's context", func(t *testing.T) {
		client, _ := whClient(t)
		type ctxKey struct{}
		var got any
		h := client.Webhooks.Handler(avara.WebhookHandlers{
			StudyAccessRequested: func(ctx context.Context, _ *avara.StudyAccessRequestedEvent) (*avara.StudyAccessRequestedResponse, error) {
				got = ctx.Value(ctxKey{})
				return nil, nil
			},
		})
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(payload))
		req = req.WithContext(context.WithValue(req.Context(), ctxKey{}, "from the request"))
		for k, vs := range whSign(t, whKey, whDeliveryID, whT0, payload) {
			req.Header[k] = vs
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		assert.Equal(t, "from the request", got)
	})
	t.Run("a request with a nil body is refused, not a panic", func(t *testing.T) {
		client, _ := whClient(t)
		h := client.Webhooks.Handler(avara.WebhookHandlers{})
		req := &http.Request{Method: http.MethodPost, Header: whSign(t, whKey, whDeliveryID, whT0, "")}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, 400, rec.Code)
	})
}

// FuzzWebhook runs random payloads and headers through Unwrap and the
// handler: neither panics, Unwrap fails only with the sentinels, and the
// handler answers only with the statuses it documents. When sign is set the
// payload is signed with the key, so the fuzzer reaches the decoder too.
//
//	go test -run '^$' -fuzz '^FuzzWebhook$' -fuzztime 30s .
func FuzzWebhook(f *testing.F) {
	for _, p := range []string{whStudyAccess, whEphemeralAccess, whReportDelivered, whSecondaryCapture, whModalityWorklist, whPatientStudy, whClinicalContext, whUnknownEventType, "", "null", "[]", "{", `{"type":1}`, `{"type":"study.access_requested","data":[]}`} {
		f.Add([]byte(p), whDeliveryID, strconv.FormatInt(whT0.Unix(), 10), "", true)
	}
	f.Add([]byte(whStudyAccess), "", "", "", false)
	f.Add([]byte(whStudyAccess), whDeliveryID, "-1", "v1,"+base64.StdEncoding.EncodeToString(make([]byte, 32)), false)
	f.Add([]byte("x"), "a.b", "99999999999999999999999", "v1, v2,x ,,", false)

	clock := fakeclock.New(whT0)
	client := avara.NewClient(option.WithWebhookKey(whKey), withClock(clock))
	key, err := webhooksig.ParseKey(whKey)
	if err != nil {
		f.Fatal(err)
	}
	var calls atomic.Int32
	h := client.Webhooks.Handler(whHandlers(&calls), avara.WithWebhookBodyLimit(4096))
	allowed := map[int]bool{200: true, 204: true, 400: true, 401: true, 409: true, 413: true, 500: true, 503: true}

	f.Fuzz(func(t *testing.T, payload []byte, id, ts, sig string, sign bool) {
		headers := http.Header{}
		headers.Set("webhook-id", id)
		headers.Set("webhook-timestamp", ts)
		headers.Set("webhook-signature", sig)
		if sign {
			if secs, err := strconv.ParseInt(ts, 10, 64); err == nil && id != "" {
				headers.Set("webhook-signature", key.Sign(id, time.Unix(secs, 0), payload))
			}
		}
		event, err := client.Webhooks.Unwrap(payload, headers)
		if err != nil {
			assert.Nil(t, event)
			matched := false
			for _, s := range whSentinels {
				matched = matched || errors.Is(err, s)
			}
			assert.True(t, matched, "Unwrap's error %q is none of the sentinels", err)
		} else {
			assert.NotNil(t, event)
		}
		unverified, err := client.Webhooks.UnsafeUnwrap(payload)
		assert.Equal(t, err == nil, unverified != nil)

		req, rerr := http.NewRequest(http.MethodPost, "/", strings.NewReader(string(payload)))
		require.NoError(t, rerr)
		for k, vs := range headers {
			req.Header[k] = vs
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.True(t, allowed[rec.Code], "status %d", rec.Code)
	})
}

func TestWebhookDefaultsAreWebhooksigs(t *testing.T) {
	t.Run("the public tolerance is the one webhooksig and the reference libraries use", func(t *testing.T) {
		assert.Equal(t, webhooksig.DefaultTolerance, avara.DefaultWebhookTolerance)
	})
}
