package avara

// WebhookService verifies, decodes and answers the events Avara sends.
type WebhookService struct {
	client *Client
}
