package avaratest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"time"
)

// Seed describes a customer that exists before the fake serves its first
// request; see WithCustomers. Only Name is needed; the zero value of every
// other field gives what the API would give a new customer.
type Seed struct {
	// ID is the customer's id, "cus_" and 32 lowercase hex characters.
	// Empty means a random one.
	ID string
	// Name is the customer's name. Empty means "Customer <n>", where n is
	// the seed's position among all seeds, from 1.
	Name string
	// Metadata follows the API's limits: at most 50 pairs, keys of at most
	// 100 characters, values of at most 1000 characters.
	Metadata map[string]string
	// Users are the member user ids, each "usr_" and 32 lowercase hex
	// characters. Duplicates count once.
	Users []string
	// Inactive makes the customer start deactivated.
	Inactive bool
	// CreatedAt is when the customer was created; zero means the fake's
	// clock at construction. UpdatedAt starts equal to it.
	CreatedAt time.Time
	// CreatedByUserID, when set, makes the customer look created from the
	// dashboard by that user (a usr_ id): createdByUserId is this value and
	// createdByApiKeyId is left out. Otherwise the customer is attributed to
	// the fake's API key, like one created through the API.
	CreatedByUserID string
}

// Customer is a snapshot of an Express customer held by the fake, returned
// by Server.Customers and Server.Customer for assertions. Changing it does
// not change the fake.
type Customer struct {
	// ID is the expressCustomerId.
	ID string
	// Name is the expressCustomerName.
	Name string
	// IsActive is false between deactivate and reactivate.
	IsActive bool
	// Users are the member user ids, sorted; UserCount on the wire is
	// always len(Users).
	Users []string
	// Metadata is nil when the customer has none.
	Metadata map[string]string
	// CreatedAt and UpdatedAt are in UTC, truncated to the millisecond, as
	// sent on the wire.
	CreatedAt time.Time
	UpdatedAt time.Time
	// CreatedByAPIKeyID is empty for customers created from the dashboard.
	CreatedByAPIKeyID string
	// CreatedByUserID is empty for customers created with an API key.
	CreatedByUserID string
}

const (
	customerResource = "ExpressCustomer"
	membersField     = "userId"
)

// seedCustomers adds the Express seeds, ordered by CreatedAt (stable).
func (s *Server) seedCustomers(seeds []Seed, count int) {
	res := spec().resources[customerResource]
	type pending struct {
		Seed
		n int
	}
	all := make([]pending, 0, len(seeds)+count)
	for i, sd := range seeds {
		all = append(all, pending{sd, i + 1})
	}
	for i := range count {
		all = append(all, pending{Seed{}, len(seeds) + i + 1})
	}
	now := s.store.now()
	for i := range all {
		if all[i].CreatedAt.IsZero() {
			all[i].CreatedAt = now
		} else {
			all[i].CreatedAt = all[i].CreatedAt.UTC().Truncate(time.Millisecond)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].CreatedAt.Before(all[j].CreatedAt) })

	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	col := s.store.cols[res.name]
	col.list = slices.Grow(col.list, len(all))
	for _, p := range all {
		sd := p.Seed
		fail := func(err error) { panic(fmt.Sprintf("avaratest: seed %d: %v", p.n, err)) }
		if sd.ID != "" {
			if err := checkSeed(spec().customerID, "ID", sd.ID); err != nil {
				fail(err)
			}
		}
		name := sd.Name
		if name == "" {
			name = "Customer " + strconv.Itoa(p.n)
		}
		fields := map[string]any{
			"expressCustomerName": name,
			"isActive":            !sd.Inactive,
			"createdAt":           formatTime(sd.CreatedAt),
			"updatedAt":           formatTime(sd.CreatedAt),
			"createdByApiKeyId":   s.apiKeyID,
		}
		if sd.Metadata != nil {
			if err := checkSeed(spec().metadata, "Metadata", sd.Metadata); err != nil {
				fail(err)
			}
		}
		if len(sd.Metadata) > 0 {
			md := make(map[string]any, len(sd.Metadata))
			for k, v := range sd.Metadata {
				md[k] = v
			}
			fields["metadata"] = md
		}
		users := make(map[string]struct{}, len(sd.Users))
		for _, u := range sd.Users {
			if err := checkSeed(spec().userID, "Users", u); err != nil {
				fail(err)
			}
			users[u] = struct{}{}
		}
		fields["userCount"] = json.Number(strconv.Itoa(len(users)))
		if sd.CreatedByUserID != "" {
			if err := checkSeed(spec().userID, "CreatedByUserID", sd.CreatedByUserID); err != nil {
				fail(err)
			}
			delete(fields, "createdByApiKeyId")
			fields["createdByUserId"] = sd.CreatedByUserID
		}
		rec := s.store.insertLocked(res, sd.ID, fields, sd.CreatedAt)
		if rec == nil {
			fail(fmt.Errorf("ID %s is used twice", sd.ID))
		}
		rec.members = map[string]map[string]struct{}{membersField: users}
	}
}

func customerOf(rec *record) Customer {
	f := rec.fields
	users := slices.Sorted(maps.Keys(rec.members[membersField]))
	if users == nil {
		users = []string{}
	}
	var md map[string]string
	if m, ok := f["metadata"].(map[string]any); ok {
		md = make(map[string]string, len(m))
		for k, v := range m {
			md[k] = str(v)
		}
	}
	created, _ := time.Parse(time.RFC3339Nano, str(f["createdAt"]))
	updated, _ := time.Parse(time.RFC3339Nano, str(f["updatedAt"]))
	active, _ := f["isActive"].(bool)
	return Customer{
		ID:                rec.id,
		Name:              str(f["expressCustomerName"]),
		IsActive:          active,
		Users:             users,
		Metadata:          md,
		CreatedAt:         created,
		UpdatedAt:         updated,
		CreatedByAPIKeyID: str(f["createdByApiKeyId"]),
		CreatedByUserID:   str(f["createdByUserId"]),
	}
}

// Customers returns a snapshot of every Express customer, in list order
// (oldest first).
func (s *Server) Customers() []Customer {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	list := s.store.cols[customerResource].list
	out := make([]Customer, 0, len(list))
	for _, rec := range list {
		out = append(out, customerOf(rec))
	}
	return out
}

// Customer returns a snapshot of one Express customer, and false if there
// is none with that id.
func (s *Server) Customer(id string) (Customer, bool) {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	rec := s.store.getLocked(spec().resources[customerResource], id)
	if rec == nil {
		return Customer{}, false
	}
	return customerOf(rec), true
}
