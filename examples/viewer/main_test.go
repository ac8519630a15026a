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
1. Invite the referring physician
   ---------------------------------
   Dr. Samuel Reyes, Family Medicine Physician, level member, manages studies: false

2. Their invitation, until they accept it
   -----------------------------------------
   Samuel Reyes: sent, expires: true

3. Create two studies, one assigned to the physician
   ----------------------------------------------------
   CT Head without contrast   stat   assigned to Samuel Reyes, incomplete
   US Abdomen complete        normal assigned to nobody, incomplete

4. What the physician has still to look at
   ------------------------------------------
   - CT Head without contrast (stat), accession ACC-20261207-0042, for Samuel Reyes

5. Send them into the Viewer, then mark the study viewed
   --------------------------------------------------------
   reroute URL: true
   CT Head without contrast is now complete
   still to look at:
   (none)

6. Clean up what this run made
   ------------------------------
   cancelled US Abdomen complete
   cancelled CT Head without contrast
   revoked the physician's invitation and access
`

func TestViewer(t *testing.T) {
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
			". It invites a user and creates two studies, and undoes them before it exits.", first)
		requireUndone(t, srv, 2)
	})
	t.Run("a run that fails half-way still undoes what it made", func(t *testing.T) {
		srv := pointAt(t)
		// The reroute URL fails for good: the run stops at step 5.
		srv.InjectFault(avaratest.Fault{Method: "POST", Path: "/v1/viewer/studies/reroute-url", Status: 400})
		var out bytes.Buffer
		err := run(context.Background(), &out)
		require.ErrorContains(t, err, "getting the reroute URL")
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
	got := srv.Objects("ViewerStudy")
	require.Len(t, got, studies)
	for _, s := range got {
		assert.Equal(t, true, s["isCancelled"], "study %v is left active", s["studyDescription"])
	}
	users := srv.Objects("ViewerUser")
	require.Len(t, users, 1)
	assert.Equal(t, true, users[0]["accessRevoked"], "the physician keeps access")
	invitations := srv.Objects("ViewerInvitation")
	require.Len(t, invitations, 1)
	assert.Equal(t, "revoked", invitations[0]["status"])
}
