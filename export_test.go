package avara

import "github.com/avara/avara-go/packages/pagination"

// DecodeListPage decodes body as Express.List's pipeline does: into a page
// bound to its item type's decoder. Benchmarks and fuzz targets measure and
// exercise that path, which needs no server.
func DecodeListPage(body []byte) (*pagination.CursorExpressCustomers[ExpressCustomer], error) {
	page := new(pagination.CursorExpressCustomers[ExpressCustomer])
	page.Bind(nil, nil, "cursor", readExpressCustomer)
	if err := page.UnmarshalJSON(body); err != nil {
		return nil, err
	}
	return page, nil
}
