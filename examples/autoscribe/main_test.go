package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/avara/avara-go/avaratest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// transcript is what a run prints after its first line, the same on every
// run: it shows no id, URL or timestamp.
const transcript = `
1. Register the facility as a clinical reference
   ------------------------------------------------
   Harbor Imaging  type=facility  active=true
   found again by its external reference id: true

2. Invite a radiologist who can sign reports
   --------------------------------------------
   Dr. Adaeze Okafor, Radiologist, can create reports: true

3. Create two studies with their report metadata
   ------------------------------------------------
   MRI Brain with and without contrast    stat   Jane Doe, report assigned
   XR Knee 3 views left                   normal John Roe, report unassigned

4. The radiologist's worklist: stat studies assigned to them, not cancelled
   ---------------------------------------------------------------------------
   MRI Brain with and without contrast    stat for Jane Doe female (assigned)

5. Open the brain MRI: AutoScribe for the radiologist, the viewer only for the referrer
   ---------------------------------------------------------------------------------------
   AutoScribe reroute URL: true
   viewer-only URL:        true

6. The knee X-ray was ordered by mistake: cancel it, then restore it
   --------------------------------------------------------------------
   cancelled: true (cancelledAt set: true)
   cancelled: false
   uncancelling it again: 409 conflict, as documented

7. Clean up what this run made
   ------------------------------
   cancelled XR Knee 3 views left
   cancelled MRI Brain with and without contrast
   revoked the radiologist's invitation and access
   deleted the clinical reference
`

func TestAutoScribe(t *testing.T) {
	t.Run("without a key it runs on the embedded fake and prints its transcript", func(t *testing.T) {
		t.Setenv("AVARA_API_KEY", "")
		var out bytes.Buffer
		require.NoError(t, run(context.Background(), &out))
		first, rest, _ := strings.Cut(out.String(), "\n")
		assert.Contains(t, first, "AVARA_API_KEY is not set: using the embedded fake Avara server at http://127.0.0.1:")
		assert.Equal(t, transcript, rest)
	})
	t.Run("pointed at an API it says so on its first line and undoes what it made", func(t *testing.T) {
		srv := pointAt(t)
		var out bytes.Buffer
		require.NoError(t, run(context.Background(), &out))
		first, _, _ := strings.Cut(out.String(), "\n")
		assert.Equal(t, "AVARA_API_KEY is set: this walk-through runs against the REAL Avara API at "+srv.URL+
			". It creates a clinical reference, a user and two studies, and undoes them before it exits.", first)
		requireUndone(t, srv, 2)
	})
	t.Run("a run that fails half-way still undoes what it made", func(t *testing.T) {
		srv := pointAt(t)
		// The worklist fails for good: the run stops at step 4.
		srv.InjectFault(avaratest.Fault{Method: "GET", Path: "/v1/autoScribe/studies", Status: 400})
		var out bytes.Buffer
		err := run(context.Background(), &out)
		require.ErrorContains(t, err, "listing the worklist")
		srv.RequireFaultsFired(t)
		requireUndone(t, srv, 2)
	})
}

// pointAt makes the program see a real API, played by a fresh fake.
func pointAt(t *testing.T) *avaratest.Server {
	srv := avaratest.NewServer()
	t.Cleanup(srv.Close)
	t.Setenv("AVARA_API_KEY", srv.APIKey)
	t.Setenv("AVARA_BASE_URL", srv.URL)
	return srv
}

func requireUndone(t *testing.T, srv *avaratest.Server, studies int) {
	t.Helper()
	got := srv.Objects("AutoScribeStudy")
	require.Len(t, got, studies)
	for _, s := range got {
		assert.Equal(t, true, s["isCancelled"], "study %v is left active", s["studyDescription"])
	}
	assert.Empty(t, srv.Objects("ClinicalReference"), "the clinical reference is left")
	users := srv.Objects("AutoScribeUser")
	require.Len(t, users, 1)
	assert.Equal(t, true, users[0]["accessRevoked"], "the radiologist keeps access")
	invitations := srv.Objects("AutoScribeInvitation")
	require.Len(t, invitations, 1)
	assert.Equal(t, "revoked", invitations[0]["status"])
}
