package avara_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
	"github.com/avara/avara-go/option"
	"github.com/avara/avara-go/packages/param"
)

// The examples in this file run against avaratest, the SDK's in-process
// fake of the Avara API, so that they run anywhere and their output is
// checked by go test. In a program, replace srv.Client() with
// avara.NewClient(), which reads AVARA_API_KEY from the environment.

func Example() {
	srv := avaratest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	c, err := client.Express.New(ctx, avara.ExpressNewParams{
		ExpressCustomerName: "City Medical Center",
		Metadata:            map[string]string{"region": "northeast"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created:", c.ExpressCustomerName, "active:", c.IsActive)

	// All fetches pages as the loop needs them; err is non-nil at most once,
	// and ends the loop.
	for c, err := range client.Express.ListAutoPaging(ctx, avara.ExpressListParams{}).All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("listed: ", c.ExpressCustomerName, c.Metadata)
	}
	// Output:
	// created: City Medical Center active: true
	// listed:  City Medical Center map[region:northeast]
}

func ExampleNewClient() {
	srv := avaratest.NewServer()
	defer srv.Close()

	// Against the real API, avara.NewClient() with no options is enough:
	// it reads AVARA_API_KEY, and AVARA_BASE_URL when set. Explicit
	// options win over the environment.
	client := avara.NewClient(
		option.WithAPIKey(srv.APIKey),
		option.WithBaseURL(srv.URL),
	)

	c, err := client.Express.New(context.Background(), avara.ExpressNewParams{
		ExpressCustomerName: "Harbor Clinic",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.ExpressCustomerName, c.UserCount)
	// Output:
	// Harbor Clinic 0
}

func ExampleExpressUserService_Add() {
	srv := avaratest.NewServer(avaratest.WithSeedCount(1))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	customerID := srv.Customers()[0].ID

	ok, err := client.Express.Users.Add(ctx, customerID, avara.ExpressUserAddParams{
		UserID: "usr_0123456789abcdef0123456789abcdef",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("success:", ok.Success)

	c, err := client.Express.Get(ctx, customerID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("users:", c.UserCount)
	// Output:
	// success: true
	// users: 1
}

func ExampleExpressUserService_Remove() {
	const member = "usr_0123456789abcdef0123456789abcdef"
	srv := avaratest.NewServer(avaratest.WithCustomers(avaratest.Seed{
		Name:  "City Medical Center",
		Users: []string{member},
	}))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	customerID := srv.Customers()[0].ID

	ok, err := client.Express.Users.Remove(ctx, customerID, avara.ExpressUserRemoveParams{UserID: member})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("success:", ok.Success)

	// Removing someone who is not a member is a 404, not a silent success,
	// so a caller can tell a stale list of members from a removal.
	_, err = client.Express.Users.Remove(ctx, customerID, avara.ExpressUserRemoveParams{UserID: member})
	fmt.Println("again, not found:", errors.Is(err, avara.ErrNotFound))
	// Output:
	// success: true
	// again, not found: true
}

func ExampleExpressService_List() {
	srv := avaratest.NewServer(avaratest.WithSeedCount(5))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// List fetches one page; GetNextPage asks for the next with the same
	// query (the limit included) and this page's cursor, and returns nil,
	// nil after the last one.
	page, err := client.Express.List(ctx, avara.ExpressListParams{Limit: avara.Int(2)})
	if err != nil {
		log.Fatal(err)
	}
	for n := 1; page != nil; n++ {
		fmt.Printf("page %d:", n)
		for _, c := range page.ExpressCustomers {
			fmt.Printf(" %q", c.ExpressCustomerName)
		}
		fmt.Println(" hasMore:", page.HasMore)
		if page, err = page.GetNextPage(); err != nil {
			log.Fatal(err)
		}
	}
	// Output:
	// page 1: "Customer 1" "Customer 2" hasMore: true
	// page 2: "Customer 3" "Customer 4" hasMore: true
	// page 3: "Customer 5" hasMore: false
}

// Errors from the API are classified with errors.Is and the Err… sentinels,
// and read in detail with errors.As and *avara.Error.
func Example_errors() {
	srv := avaratest.NewServer(avaratest.WithCustomers(avaratest.Seed{
		ID:       "cus_1234567890abcdef1234567890abcdef",
		Name:     "Closed Clinic",
		Inactive: true,
	}))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	_, err := client.Express.Get(ctx, "cus_00000000000000000000000000000000")
	switch {
	case errors.Is(err, avara.ErrNotFound):
		fmt.Println("not found")
	case err != nil:
		log.Fatal(err)
	}

	// A deactivated customer refuses new users with a 409, which no retry
	// would change.
	_, err = client.Express.Users.Add(ctx, "cus_1234567890abcdef1234567890abcdef", avara.ExpressUserAddParams{
		UserID: "usr_0123456789abcdef0123456789abcdef",
	})
	if errors.Is(err, avara.ErrConflict) {
		fmt.Println("conflict")
	}
	var apiErr *avara.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Type, "param:", apiErr.Param, "attempts:", apiErr.Attempts)
		fmt.Println(apiErr.Message)
		// RequestID is what Avara's support asks for.
		fmt.Println("has request id:", apiErr.RequestID != "")
	}

	// An error the SDK finds before sending anything is not an *avara.Error
	// and matches ErrInvalidParams.
	_, err = client.Express.Get(ctx, "")
	fmt.Println("invalid params:", errors.Is(err, avara.ErrInvalidParams), "api error:", errors.As(err, &apiErr))
	// Output:
	// not found
	// conflict
	// 409 conflict_error param: expressCustomerId attempts: 1
	// expressCustomerId: customer cus_1234567890abcdef1234567890abcdef is deactivated and cannot take new users; reactivate it first
	// has request id: true
	// invalid params: true api error: false
}

func ExampleAutoScribeStudyService_Cancel() {
	srv := avaratest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	const uid = "1.2.840.113619.2.55.3.604688119"
	study, err := client.AutoScribe.Studies.New(ctx, avara.AutoScribeStudyNewParams{
		StudyInstanceUID: uid,
		StudyDescription: "MRI Brain without contrast",
		Severity:         avara.SeverityNormal,
		ReportMetadata: avara.StudyReportMetadataParam{
			PatientName:  avara.String("Jane Doe"),
			FacilityName: avara.String("Harbor Imaging"),
			Sex:          param.NewOpt(avara.SexFemale),
			Height:       avara.HeightParam{Value: 165, Unit: avara.HeightUnitCm},
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(study.StudyDescription, study.StudyReportStatus, study.ReportMetadata.Height.Value, study.ReportMetadata.Height.Unit)

	// A study can be named by its Avara id or, as a PACS knows it, by its
	// DICOM Study Instance UID.
	if _, err := client.AutoScribe.Studies.Cancel(ctx, avara.AutoScribeStudyCancelParams{
		StudyInstanceUID: avara.String(uid),
	}); err != nil {
		log.Fatal(err)
	}
	got, err := client.AutoScribe.Studies.GetByUID(ctx, uid)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("cancelled:", got.IsCancelled, "at a time:", !got.CancelledAt.IsZero())

	if _, err := client.AutoScribe.Studies.Uncancel(ctx, avara.AutoScribeStudyUncancelParams{
		StudyID: avara.String(study.StudyID),
	}); err != nil {
		log.Fatal(err)
	}
	got, err = client.AutoScribe.Studies.Get(ctx, study.StudyID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("cancelled:", got.IsCancelled)

	// Only a cancelled study can be uncancelled.
	_, err = client.AutoScribe.Studies.Uncancel(ctx, avara.AutoScribeStudyUncancelParams{
		StudyID: avara.String(study.StudyID),
	})
	fmt.Println("uncancel again is a conflict:", errors.Is(err, avara.ErrConflict))
	// Output:
	// MRI Brain without contrast unassigned 165 cm
	// cancelled: true at a time: true
	// cancelled: false
	// uncancel again is a conflict: true
}

func ExampleViewerStudyService_RerouteURL() {
	srv := avaratest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	reader, err := client.Viewer.Users.Invite(ctx, avara.ViewerUserInviteParams{
		Email:              "ana.lee@example.com",
		FirstName:          "Ana",
		LastName:           "Lee",
		ClinicRole:         avara.ClinicRoleDoctor,
		Level:              avara.AssignableUserLevelMember,
		CanManageStudies:   false,
		HasDashboardAccess: true,
	})
	if err != nil {
		log.Fatal(err)
	}

	study, err := client.Viewer.Studies.New(ctx, avara.ViewerStudyNewParams{
		StudyInstanceUID: "1.2.840.113619.2.55.3.604688120",
		StudyDescription: "CT Head",
		Severity:         avara.SeverityStat,
		AssignedTo:       avara.String(reader.UserID),
	})
	if err != nil {
		log.Fatal(err)
	}
	// The study answers its assignee as a reference with the user's name,
	// not only an id.
	fmt.Println(study.StudyDescription, study.Severity, "for", study.AssignedTo.FirstName, study.AssignedTo.LastName)

	for s, err := range client.Viewer.Studies.ListAutoPaging(ctx, avara.ViewerStudyListParams{
		AssignedTo:        avara.String(reader.UserID),
		StudyViewerStatus: param.NewOpt(avara.StudyViewerStatusIncomplete),
	}).All() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("to read:", s.StudyInstanceUID)
	}

	// The reroute URL is tokenized and short-lived: hand it to the user's
	// browser at once rather than storing it.
	link, err := client.Viewer.Studies.RerouteURL(ctx, avara.ViewerStudyRerouteURLParams{
		StudyID: avara.String(study.StudyID),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("link:", link.URL != "")
	// Output:
	// CT Head stat for Ana Lee
	// to read: 1.2.840.113619.2.55.3.604688120
	// link: true
}
