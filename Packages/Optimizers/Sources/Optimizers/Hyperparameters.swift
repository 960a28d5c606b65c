// Checks of hyperparameters when a rule is made; each message names the rule, the
// hyperparameter, the valid range and the value given.

/// Checks that `value` is positive and finite.
func checkPositive(_ value: Double, _ name: String, in rule: String) {
  precondition(
    value > 0 && value.isFinite, "\(rule): \(name) must be positive and finite, got \(value)")
}

/// Checks that `value` is in `[0, 1)`.
func checkFraction(_ value: Double, _ name: String, in rule: String) {
  precondition(value >= 0 && value < 1, "\(rule): \(name) must be in [0, 1), got \(value)")
}

/// Checks that `value` is non-negative and finite.
func checkNonNegative(_ value: Double, _ name: String, in rule: String) {
  precondition(
    value >= 0 && value.isFinite, "\(rule): \(name) must be non-negative and finite, got \(value)")
}
