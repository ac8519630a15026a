// Webhooks runs an endpoint for Avara's study.access_requested event, the
// synchronous webhook that asks a customer's service for presigned URLs of
// a study's DICOM images, and delivers one event to it through avaratest,
// the embedded fake Avara, which signs it as Avara does. It prints the
// endpoint's answer, then shows that a replay of the same delivery and a
// forged one are refused.
//
//	go run ./examples/webhooks
//
// In a real service the handler is mounted on the service's own server,
// with the key from AVARA_WEBHOOK_KEY:
//
//	client := avara.NewClient()
//	http.Handle("/webhooks/avara", client.Webhooks.Handler(handlers))
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"time"

	avara "github.com/avara/avara-go"
	"github.com/avara/avara-go/avaratest"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	err := run(ctx, os.Stdout)
	cancel()
	if err != nil {
		log.Fatal(err)
	}
}

// handlers answers study.access_requested with a presigned URL per image;
// a real service would look the study up in its own storage.
var handlers = avara.WebhookHandlers{
	StudyAccessRequested: func(ctx context.Context, e *avara.StudyAccessRequestedEvent) (*avara.StudyAccessRequestedResponse, error) {
		return &avara.StudyAccessRequestedResponse{
			Authorized: true,
			URLs: []string{
				"https://pacs.example.com/" + e.Data.StudyInstanceUID + "/1.dcm?sig=…",
				"https://pacs.example.com/" + e.Data.StudyInstanceUID + "/2.dcm?sig=…",
			},
		}, nil
	},
}

func run(ctx context.Context, w io.Writer) error {
	srv := avaratest.NewServer()
	defer srv.Close()
	// srv.Client() carries the fake's webhook key, as a real client
	// carries AVARA_WEBHOOK_KEY.
	endpoint := httptest.NewServer(srv.Client().Webhooks.Handler(handlers))
	defer endpoint.Close()
	fmt.Fprintf(w, "Endpoint for study.access_requested listening at %s\n", endpoint.URL)

	event := &avara.StudyAccessRequestedEvent{
		ID:   "whe_1234567890abcdef1234567890abcdef",
		Type: "study.access_requested",
		Data: avara.StudyAccessRequestedEventData{
			StudyID:          "stu_1234567890abcdef1234567890abcdef",
			StudyInstanceUID: "1.2.840.113619.2.55.3.1234567890",
		},
	}
	res, err := srv.SendWebhook(ctx, endpoint.URL, event)
	if err != nil {
		return fmt.Errorf("delivering: %w", err)
	}
	var answer avara.StudyAccessRequestedResponse
	if err := res.Decode(&answer); err != nil {
		return err
	}
	fmt.Fprintf(w, "1. Avara delivered %s; the endpoint answered %d: authorized=%v\n", event.Type, res.StatusCode, answer.Authorized)
	for _, u := range answer.URLs {
		fmt.Fprintf(w, "   %s\n", u)
	}

	replay, err := srv.SendWebhook(ctx, endpoint.URL, event, avaratest.WithDeliveryID(res.ID))
	if err != nil {
		return fmt.Errorf("replaying: %w", err)
	}
	fmt.Fprintf(w, "2. The same delivery again: %d %s", replay.StatusCode, replay.Body)

	forger := avaratest.NewServer() // another key
	defer forger.Close()
	forged, err := forger.SendWebhook(ctx, endpoint.URL, event)
	if err != nil {
		return fmt.Errorf("forging: %w", err)
	}
	fmt.Fprintf(w, "3. A delivery signed with another key: %d %s", forged.StatusCode, forged.Body)
	return nil
}
