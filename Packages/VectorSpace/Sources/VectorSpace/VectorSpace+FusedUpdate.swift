// Fused updates of several vectors of one structure: one call of a body per dense leaf, with the
// leaf's scalars in every operand, so an optimizer rule updates parameters and moments in a single
// vectorized pass over each parameter tensor.
//
// The targets are `inout` parameters, never elements of an array: an array holding a model would
// share the model's storage with the caller's variable and force a full copy on every update.

/// Updates `target` leaf by leaf: `body` receives the scalars of each dense leaf, for writing.
///
/// The one-operand case of the fused updates, described at ``updateLeaves(_:_:_:reading:_:_:)``.
///
/// ```swift
/// var v: [Double] = [1, 4, 9]
/// updateLeaves(&v) { v in for i in v.indices { v[i] = v[i].squareRoot() } }
/// // v == [1, 2, 3]
/// ```
@inlinable
public func updateLeaves<V: VectorSpace>(
  _ target: inout V, _ body: (UnsafeMutableBufferPointer<V.Scalar>) -> Void
) {
  withUnsafeMutablePointer(to: &target) { a in
    fusedLeafUpdate(a, nil, nil, reading: nil, nil) { a, _, _, _, _ in body(a) }
  }
}

/// Updates `target` leaf by leaf, reading the same leaf of `source` (see
/// ``updateLeaves(_:_:_:reading:_:_:)``).
///
/// ```swift
/// var parameters: [Double] = [1, 2]
/// updateLeaves(&parameters, reading: [10, 20]) { p, g in
///   for i in p.indices { p[i] -= 0.1 * g[i] }
/// }
/// // parameters == [0, 0]
/// ```
@inlinable
public func updateLeaves<V: VectorSpace>(
  _ target: inout V, reading source: V,
  _ body: (UnsafeMutableBufferPointer<V.Scalar>, UnsafeBufferPointer<V.Scalar>) -> Void
) {
  withUnsafeMutablePointer(to: &target) { a in
    withUnsafePointer(to: source) { x in
      fusedLeafUpdate(a, nil, nil, reading: x, nil) { a, _, _, x, _ in body(a, x) }
    }
  }
}

/// Updates `target` leaf by leaf, reading the same leaf of two sources (see
/// ``updateLeaves(_:_:_:reading:_:_:)``).
///
/// ```swift
/// var sum: [Double] = [0, 0]
/// updateLeaves(&sum, reading: [1, 2], [10, 20]) { s, a, b in
///   for i in s.indices { s[i] = a[i] + b[i] }
/// }
/// // sum == [11, 22]
/// ```
@inlinable
public func updateLeaves<V: VectorSpace>(
  _ target: inout V, reading first: V, _ second: V,
  _ body: (
    UnsafeMutableBufferPointer<V.Scalar>, UnsafeBufferPointer<V.Scalar>,
    UnsafeBufferPointer<V.Scalar>
  ) -> Void
) {
  withUnsafeMutablePointer(to: &target) { a in
    withUnsafePointer(to: first) { x in
      withUnsafePointer(to: second) { y in
        fusedLeafUpdate(a, nil, nil, reading: x, y) { a, _, _, x, y in body(a, x, y) }
      }
    }
  }
}

/// Updates two vectors of one structure leaf by leaf, in one pass (see
/// ``updateLeaves(_:_:_:reading:_:_:)``).
///
/// ```swift
/// var (a, b): ([Double], [Double]) = ([1, 2], [3, 4])
/// updateLeaves(&a, &b) { a, b in for i in a.indices { (a[i], b[i]) = (b[i], a[i]) } }
/// // a == [3, 4], b == [1, 2]
/// ```
@inlinable
public func updateLeaves<V: VectorSpace>(
  _ first: inout V, _ second: inout V,
  _ body: (UnsafeMutableBufferPointer<V.Scalar>, UnsafeMutableBufferPointer<V.Scalar>) -> Void
) {
  withUnsafeMutablePointer(to: &first) { a in
    withUnsafeMutablePointer(to: &second) { b in
      fusedLeafUpdate(a, b, nil, reading: nil, nil) { a, b, _, _, _ in body(a, b) }
    }
  }
}

/// Updates two vectors leaf by leaf, reading the same leaf of `source`: a rule with one state
/// vector (momentum, a running mean of squares) updates it and the parameters in one pass (see
/// ``updateLeaves(_:_:_:reading:_:_:)``).
///
/// ```swift
/// var parameters: [Double] = [1, 1]
/// var velocity: [Double] = [0, 0]
/// updateLeaves(&parameters, &velocity, reading: [1, 2]) { p, v, g in
///   for i in p.indices {
///     v[i] = 0.5 * v[i] - 0.1 * g[i]
///     p[i] += v[i]
///   }
/// }
/// // parameters == [0.9, 0.8], velocity == [-0.1, -0.2]
/// ```
@inlinable
public func updateLeaves<V: VectorSpace>(
  _ first: inout V, _ second: inout V, reading source: V,
  _ body: (
    UnsafeMutableBufferPointer<V.Scalar>, UnsafeMutableBufferPointer<V.Scalar>,
    UnsafeBufferPointer<V.Scalar>
  ) -> Void
) {
  withUnsafeMutablePointer(to: &first) { a in
    withUnsafeMutablePointer(to: &second) { b in
      withUnsafePointer(to: source) { x in
        fusedLeafUpdate(a, b, nil, reading: x, nil) { a, b, _, x, _ in body(a, b, x) }
      }
    }
  }
}

/// Updates two vectors leaf by leaf, reading the same leaf of two sources (see
/// ``updateLeaves(_:_:_:reading:_:_:)``).
@inlinable
public func updateLeaves<V: VectorSpace>(
  _ first: inout V, _ second: inout V, reading firstSource: V, _ secondSource: V,
  _ body: (
    UnsafeMutableBufferPointer<V.Scalar>, UnsafeMutableBufferPointer<V.Scalar>,
    UnsafeBufferPointer<V.Scalar>, UnsafeBufferPointer<V.Scalar>
  ) -> Void
) {
  withUnsafeMutablePointer(to: &first) { a in
    withUnsafeMutablePointer(to: &second) { b in
      withUnsafePointer(to: firstSource) { x in
        withUnsafePointer(to: secondSource) { y in
          fusedLeafUpdate(a, b, nil, reading: x, y) { a, b, _, x, y in body(a, b, x, y) }
        }
      }
    }
  }
}

/// Updates three vectors of one structure leaf by leaf, in one pass (see
/// ``updateLeaves(_:_:_:reading:_:_:)``).
@inlinable
public func updateLeaves<V: VectorSpace>(
  _ first: inout V, _ second: inout V, _ third: inout V,
  _ body: (
    UnsafeMutableBufferPointer<V.Scalar>, UnsafeMutableBufferPointer<V.Scalar>,
    UnsafeMutableBufferPointer<V.Scalar>
  ) -> Void
) {
  withUnsafeMutablePointer(to: &first) { a in
    withUnsafeMutablePointer(to: &second) { b in
      withUnsafeMutablePointer(to: &third) { c in
        fusedLeafUpdate(a, b, c, reading: nil, nil) { a, b, c, _, _ in body(a, b, c) }
      }
    }
  }
}

/// Updates three vectors leaf by leaf, reading the same leaf of `source`: Adam updates the
/// parameters and both moments from the gradient in one pass (see
/// ``updateLeaves(_:_:_:reading:_:_:)``).
///
/// ```swift
/// updateLeaves(&parameters, &firstMoment, &secondMoment, reading: gradient) { p, m, v, g in
///   // one vectorized loop over this leaf's scalars
/// }
/// ```
@inlinable
public func updateLeaves<V: VectorSpace>(
  _ first: inout V, _ second: inout V, _ third: inout V, reading source: V,
  _ body: (
    UnsafeMutableBufferPointer<V.Scalar>, UnsafeMutableBufferPointer<V.Scalar>,
    UnsafeMutableBufferPointer<V.Scalar>, UnsafeBufferPointer<V.Scalar>
  ) -> Void
) {
  withUnsafeMutablePointer(to: &first) { a in
    withUnsafeMutablePointer(to: &second) { b in
      withUnsafeMutablePointer(to: &third) { c in
        withUnsafePointer(to: source) { x in
          fusedLeafUpdate(a, b, c, reading: x, nil) { a, b, c, x, _ in body(a, b, c, x) }
        }
      }
    }
  }
}

/// Updates up to three vectors of one structure in a single pass per dense leaf, reading up to two
/// more: `body` is called once per leaf (a parameter tensor of a model, in canonical order) with
/// the scalars of that leaf in every operand.
///
/// Each target's leaf is updated in place: its storage is copied only if it is shared (value
/// semantics), so repeated updates of uniquely held vectors allocate nothing. The sources are
/// read as they were when the call began, even if one shares storage with a target. The leaves
/// are found once per call, from the first target (``VectorSpace/leafPaths``; the other operands'
/// leaves are found too only for types whose structure varies between values, such as arrays of
/// models). Per leaf, the cost beyond `body` is a few accessor calls, with no per-scalar closures.
///
/// For speed, write `body` as a loop over the buffers' base addresses that the compiler can
/// vectorize, in a function specialized for `Float` and `Double` (`@_specialize`, as in
/// ``VectorKernels``): `body` runs in generic code whose scalar type is known only at run time.
/// On Linux a loop that calls `squareRoot()` is not vectorized (it is a guarded call of glibc's
/// `sqrt`); use SIMD lanes there.
///
/// ```swift
/// updateLeaves(&parameters, &firstMoment, &secondMoment, reading: gradient, previousGradient) {
///   p, m, v, g, h in
///   // one vectorized loop over this leaf's scalars
/// }
/// ```
///
/// - Parameters:
///   - first, second, third: The vectors updated in place.
///   - firstSource, secondSource: Vectors read alongside.
///   - body: Called once per leaf with the scalars of that leaf: the targets' for writing, then
///     the sources' for reading.
/// - Precondition: Every operand has the structure of `first`: as many leaves, and as many
///   scalars in each leaf.
/// - Complexity: O(total scalars) in `body`, plus O(leaves) accessor calls.
@inlinable
public func updateLeaves<V: VectorSpace>(
  _ first: inout V, _ second: inout V, _ third: inout V,
  reading firstSource: V, _ secondSource: V,
  _ body: (
    UnsafeMutableBufferPointer<V.Scalar>, UnsafeMutableBufferPointer<V.Scalar>,
    UnsafeMutableBufferPointer<V.Scalar>, UnsafeBufferPointer<V.Scalar>,
    UnsafeBufferPointer<V.Scalar>
  ) -> Void
) {
  withUnsafeMutablePointer(to: &first) { a in
    withUnsafeMutablePointer(to: &second) { b in
      withUnsafeMutablePointer(to: &third) { c in
        withUnsafePointer(to: firstSource) { x in
          withUnsafePointer(to: secondSource) { y in
            fusedLeafUpdate(a, b, c, reading: x, y, body)
          }
        }
      }
    }
  }
}
