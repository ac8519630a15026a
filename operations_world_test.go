package avara_test

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/packages/param"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// This file holds what the operation tables in operations_test.go share: a
// fake that already holds one of everything an operation can name, the shape
// of a request as it must reach the wire, and the list of operations
// openapi.yml declares.

// opWorld is a fresh fake holding one object of each kind, made through the
// SDK (or, for what only the product makes, a signed study and its report,
// with AddObject), with the ids a test needs to name them.
type opWorld struct {
	srv *avaratest.Server
	c   *avara.Client
	ctx context.Context

	customer string // an active Express customer with metadata region=ne

	asUser, asInvitation string // an AutoScribe user (can create reports) and its pending invitation
	vwUser, vwInvitation string // a Viewer user and its pending invitation

	study, studyUID string // an AutoScribe study assigned to asUser

	external, externalUID, externalReport string // an external study holding a report

	signed, signedUID, report string // a completed study and its signed report

	vwStudy, vwStudyUID string // a Viewer study assigned to vwUser

	ref, refExternalID string // a clinical reference (facility) of customer
}

const (
	opStudyUID    = "1.2.840.10008.1"
	opExternalUID = "1.2.840.10008.2"
	opSignedUID   = "1.2.840.10008.3"
	opVwStudyUID  = "1.2.840.10008.4"
)

func newOpWorld(t *testing.T) *opWorld {
	t.Helper()
	srv := avaratest.NewServer()
	t.Cleanup(srv.Close)
	w := &opWorld{srv: srv, c: srv.Client(), ctx: context.Background()}
	c, ctx := w.c, w.ctx

	cus, err := c.Express.New(ctx, avara.ExpressNewParams{ExpressCustomerName: "City Medical Center", Metadata: map[string]string{"region": "ne"}})
	require.NoError(t, err)
	w.customer = cus.ExpressCustomerID

	asu, err := c.AutoScribe.Users.Invite(ctx, avara.AutoScribeUserInviteParams{
		CanCreateReports: true, CanManageStudies: true, ClinicRole: avara.ClinicRoleRadiologist,
		Email: "ada@example.com", FirstName: "Ada", LastName: "Lovelace", HasDashboardAccess: true,
		Level: avara.AssignableUserLevelAdmin, NPINumber: avara.String("1234567890"),
	})
	require.NoError(t, err)
	w.asUser = asu.UserID
	asInv, err := c.AutoScribe.Users.Invitations.List(ctx, avara.AutoScribeUserInvitationListParams{UserID: avara.String(w.asUser)})
	require.NoError(t, err)
	require.Len(t, asInv.Invitations, 1, "an invite makes one invitation")
	w.asInvitation = asInv.Invitations[0].InvitationID

	vwu, err := c.Viewer.Users.Invite(ctx, avara.ViewerUserInviteParams{
		CanManageStudies: true, ClinicRole: avara.ClinicRolePhysician, Email: "grace@example.com",
		FirstName: "Grace", LastName: "Hopper", HasDashboardAccess: false, Level: avara.AssignableUserLevelMember,
	})
	require.NoError(t, err)
	w.vwUser = vwu.UserID
	vwInv, err := c.Viewer.Users.Invitations.List(ctx, avara.ViewerUserInvitationListParams{UserID: avara.String(w.vwUser)})
	require.NoError(t, err)
	require.Len(t, vwInv.Invitations, 1, "an invite makes one invitation")
	w.vwInvitation = vwInv.Invitations[0].InvitationID

	w.studyUID = opStudyUID
	st, err := c.AutoScribe.Studies.New(ctx, avara.AutoScribeStudyNewParams{
		StudyInstanceUID: w.studyUID, StudyDescription: "Brain MRI with Contrast", Severity: avara.SeverityHigh,
		ReportMetadata: avara.StudyReportMetadataParam{PatientName: avara.String("Doe^John"), Sex: param.NewOpt(avara.SexMale)},
		AssignedTo:     avara.String(w.asUser), ExpressCustomerID: avara.String(w.customer),
	})
	require.NoError(t, err)
	w.study = st.StudyID

	w.externalUID = opExternalUID
	ext, err := c.AutoScribe.Studies.External.New(ctx, avara.AutoScribeStudyExternalNewParams{
		StudyInstanceUID: w.externalUID, StudyDescription: "Chest CT", Severity: avara.SeverityNormal,
		ReportMetadata: avara.StudyReportMetadataParam{PatientName: avara.String("Doe^Jane")},
		ReportText:     avara.String("No acute findings."), ReaderName: avara.String("Dr. Who"), SignedAt: avara.String("2020-01-01"),
	})
	require.NoError(t, err)
	w.external = ext.StudyID
	reps, err := c.AutoScribe.Studies.External.Reports.List(ctx, avara.AutoScribeStudyExternalReportListParams{StudyID: avara.String(w.external)})
	require.NoError(t, err)
	require.Len(t, reps.Reports, 1, "an external study made with report text has one report")
	w.externalReport = reps.Reports[0].ExternalReportID

	// Reports are written by radiologists in the product, never through the
	// API: the fake is given a completed study and its signed report.
	w.signedUID = opSignedUID
	signed, err := srv.AddObject("AutoScribeStudy", map[string]any{
		"studyInstanceUid": w.signedUID, "studyDescription": "Knee X-Ray", "severity": "normal",
		"reportMetadata": map[string]any{}, "studyReportStatus": "completed", "isCancelled": false,
		"cancelledAt": nil, "studyType": "standard",
	})
	require.NoError(t, err)
	w.signed = signed["studyId"].(string)
	report, err := srv.AddObject("Report", map[string]any{
		"studyId": w.signed, "status": "completed", "isAddendum": false, "isCritical": false,
		"userId": w.asUser, "signedAt": "2024-01-15T09:00:00Z", "snapshotMetadata": map[string]any{"patientName": "Roe^Richard"},
		"reportPlainText": "Normal knee.",
	})
	require.NoError(t, err)
	w.report = report["reportId"].(string)

	w.vwStudyUID = opVwStudyUID
	vst, err := c.Viewer.Studies.New(ctx, avara.ViewerStudyNewParams{
		StudyInstanceUID: w.vwStudyUID, StudyDescription: "Hand X-Ray", Severity: avara.SeverityStat,
		AssignedTo: avara.String(w.vwUser), ExpressCustomerID: avara.String(w.customer),
	})
	require.NoError(t, err)
	w.vwStudy = vst.StudyID

	w.refExternalID = "FAC-001"
	ref, err := c.AutoScribe.ClinicalReferences.New(ctx, avara.AutoScribeClinicalReferenceNewParams{
		Name: "Main Hospital", Type: avara.ClinicalReferenceTypeFacility, ExpressCustomerID: avara.String(w.customer),
		ExternalReferenceID: avara.String(w.refExternalID), Metadata: map[string]string{"city": "Boston"},
	})
	require.NoError(t, err)
	w.ref = ref.ClinicalReferenceID

	srv.ResetRequests()
	return w
}

// wire is a request as it must reach the fake: method, escaped path, query
// (nil for none) and JSON body ("" for none).
type wire struct {
	method string
	path   string
	query  url.Values
	body   string
}

// obj is a JSON object written in Go, for expected bodies.
type obj = map[string]any

// jsonText renders an expected body.
func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// assertWire checks one request the fake logged against what was meant to
// be sent: nothing more, nothing less.
func assertWire(t *testing.T, want wire, got avaratest.Request) {
	t.Helper()
	assert.Equal(t, want.method, got.Method, "method")
	assert.Equal(t, want.path, got.Path, "path, as escaped on the wire")
	wantQ, gotQ := want.query, got.Query
	if len(wantQ) == 0 {
		wantQ = url.Values{}
	}
	if len(gotQ) == 0 {
		gotQ = url.Values{}
	}
	assert.Equal(t, wantQ, gotQ, "query string")
	if want.body == "" {
		assert.Empty(t, got.Body, "no body")
	} else {
		assert.JSONEq(t, want.body, string(got.Body), "JSON body")
		assert.Equal(t, "application/json", strings.Split(got.Header.Get("Content-Type"), ";")[0])
	}
	assert.Equal(t, 200, got.Status, "the fake answered 200")
}

// Ids as the API documents them: a prefix and 32 lower-case hex characters.
var opIDForm = map[string]*regexp.Regexp{
	"cus": regexp.MustCompile(`^cus_[0-9a-f]{32}$`),
	"usr": regexp.MustCompile(`^usr_[0-9a-f]{32}$`),
	"inv": regexp.MustCompile(`^inv_[0-9a-f]{32}$`),
	"stu": regexp.MustCompile(`^stu_[0-9a-f]{32}$`),
	"ref": regexp.MustCompile(`^ref_[0-9a-f]{32}$`),
	"ext": regexp.MustCompile(`^ext_[0-9a-f]{32}$`),
	"rep": regexp.MustCompile(`^rep_[0-9a-f]{32}$`),
}

func assertID(t *testing.T, prefix, id string) {
	t.Helper()
	assert.Regexp(t, opIDForm[prefix], id, "an id of the form %s_ and 32 hex", prefix)
}

// opParams are the query parameters and top-level body fields openapi.yml
// declares for an operation.
type opParams struct {
	query, body []string
}

// specParams reads, for each operationId, the query parameters and body
// fields it declares, so that a row can be held to setting all of them.
func specParams(t *testing.T) map[string]opParams {
	t.Helper()
	b, err := os.ReadFile("avaratest/openapi.json")
	require.NoError(t, err)
	type ref struct {
		Ref string `json:"$ref"`
	}
	type parameter struct {
		Ref  string `json:"$ref"`
		In   string `json:"in"`
		Name string `json:"name"`
	}
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]parameter `json:"parameters"`
			Schemas    map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	last := func(r string) string { return r[strings.LastIndex(r, "/")+1:] }
	out := map[string]opParams{}
	for _, item := range doc.Paths {
		for _, raw := range item {
			var op struct {
				OperationID string      `json:"operationId"`
				Parameters  []parameter `json:"parameters"`
				RequestBody struct {
					Content map[string]struct {
						Schema ref `json:"schema"`
					} `json:"content"`
				} `json:"requestBody"`
			}
			if json.Unmarshal(raw, &op) != nil || op.OperationID == "" {
				continue
			}
			var p opParams
			for _, prm := range op.Parameters {
				if prm.Ref != "" {
					prm = doc.Components.Parameters[last(prm.Ref)]
				}
				if prm.In == "query" {
					p.query = append(p.query, prm.Name)
				}
			}
			if s := op.RequestBody.Content["application/json"].Schema.Ref; s != "" {
				for name := range doc.Components.Schemas[last(s)].Properties {
					p.body = append(p.body, name)
				}
			}
			sort.Strings(p.query)
			sort.Strings(p.body)
			out[op.OperationID] = p
		}
	}
	return out
}

// assertEveryParameterSet fails when a row's request leaves out a query
// parameter or body field its operation declares.
func assertEveryParameterSet(t *testing.T, declared opParams, want wire) {
	t.Helper()
	var query, body []string
	for k := range want.query {
		query = append(query, k)
	}
	if want.body != "" {
		var fields map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(want.body), &fields))
		for k := range fields {
			body = append(body, k)
		}
	}
	sort.Strings(query)
	sort.Strings(body)
	assert.Equal(t, declared.query, query, "the row sets every query parameter openapi.yml declares")
	assert.Equal(t, declared.body, body, "the row sets every body field openapi.yml declares")
}

// specOperations reads the operations openapi.yml declares, from the JSON
// copy the fake embeds (the SDK module takes no YAML dependency): the
// operationId of each, and whether its answer is a cursor page.
func specOperations(t *testing.T) (ids []string, cursorLists map[string]bool) {
	t.Helper()
	b, err := os.ReadFile("avaratest/openapi.json")
	require.NoError(t, err)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	var schemas struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(b, &schemas))
	cursorLists = map[string]bool{}
	for _, item := range doc.Paths {
		for method, raw := range item {
			switch method {
			case "get", "put", "post", "delete", "options", "head", "patch", "trace":
			default:
				continue // path-level parameters and the like
			}
			var op struct {
				OperationID string `json:"operationId"`
				Responses   map[string]struct {
					Content map[string]struct {
						Schema struct {
							Ref string `json:"$ref"`
						} `json:"schema"`
					} `json:"content"`
				} `json:"responses"`
			}
			require.NoError(t, json.Unmarshal(raw, &op))
			require.NotEmpty(t, op.OperationID, "every operation has an operationId")
			ids = append(ids, op.OperationID)
			ref := op.Responses["200"].Content["application/json"].Schema.Ref
			name := ref[strings.LastIndex(ref, "/")+1:]
			props := schemas.Components.Schemas[name].Properties
			_, cursor := props["cursor"]
			_, hasMore := props["hasMore"]
			if cursor && hasMore {
				cursorLists[op.OperationID] = true
			}
		}
	}
	sort.Strings(ids)
	return ids, cursorLists
}
