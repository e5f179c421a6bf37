package journal

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes carried by *Error. A caller decides what to show a person by the code;
// anything without a code is an internal error.
const (
	EINVALID  = "invalid"   // the input breaks a rule; the message names the field
	ENOTFOUND = "not_found" // the thesis (or backup, or file) does not exist
	ECONFLICT = "conflict"  // the change would rewrite something that is immutable
	ELOCKED   = "locked"    // the journal is open in another Hindsight process
	EDAMAGED  = "damaged"   // the journal file is not a readable bbolt file
	EINTERNAL = "internal"  // anything else
)

// Error is a domain error: a code for programs and a message meant for a person.
type Error struct {
	// Code is one of the E* constants.
	Code string
	// Message is a lower-case sentence a person can act on.
	Message string
	// Err is the underlying cause, if any.
	Err error
}

// Error returns the message, followed by the cause when there is one.
func (e *Error) Error() string {
	if e.Err != nil && e.Message != "" {
		return e.Message + ": " + e.Err.Error()
	}
	if e.Message != "" {
		return e.Message
	}
	if e.Err != nil {
		return e.Err.Error()
	}
	return e.Code
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error (or *ValidationError) in err's chain,
// "" for nil, and EINTERNAL for anything else.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var v *ValidationError
	if errors.As(err, &v) {
		return EINVALID
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message a person should see for err: the domain message for
// domain errors, "internal error" otherwise.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var v *ValidationError
	if errors.As(err, &v) {
		return v.Error()
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return "internal error"
}

// Problem is one broken validation rule.
type Problem struct {
	// Field is the path of the field, e.g. "title" or "positions[1].quantity".
	Field string
	// Rule says what is wrong, e.g. "must not be empty".
	Rule string
}

// String returns "field: rule".
func (p Problem) String() string { return p.Field + ": " + p.Rule }

// ValidationError lists every rule an input breaks, in field order.
type ValidationError struct {
	Problems []Problem
}

// Error joins the problems; the first problem comes first.
func (v *ValidationError) Error() string {
	parts := make([]string, len(v.Problems))
	for i, p := range v.Problems {
		parts[i] = p.String()
	}
	return "invalid " + strings.Join(parts, "; ")
}

// Field returns the rule broken by the named field, or "" if that field is fine.
func (v *ValidationError) Field(name string) string {
	for _, p := range v.Problems {
		if p.Field == name {
			return p.Rule
		}
	}
	return ""
}

func (v *ValidationError) add(field, format string, args ...any) {
	v.Problems = append(v.Problems, Problem{Field: field, Rule: fmt.Sprintf(format, args...)})
}

func (v *ValidationError) err() error {
	if len(v.Problems) == 0 {
		return nil
	}
	return v
}
