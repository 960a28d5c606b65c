import VectorSpace

// Models of every shape that conformance by declaration supports, generic over the scalar so that
// each is checked in Float and in Double.

/// A plain struct: an array of scalars and a scalar.
struct Affine<S: VectorScalar>: Model, Equatable {
  typealias Scalar = S
  var weights: [S]
  var bias: S
}

/// Nested models plus `let` structure.
struct TwoAffine<S: VectorScalar>: Model {
  typealias Scalar = S
  var first: Affine<S>
  var second: Affine<S>
  let name: String
  let width: Int
}

/// An array of models.
struct Ensemble<S: VectorScalar>: Model {
  typealias Scalar = S
  var members: [Affine<S>]
  let votes: Int
}

/// Tuples of vectors, labeled and unlabeled, nested.
struct Tupled<S: VectorScalar>: Model {
  typealias Scalar = S
  var pair: (Affine<S>, [S])
  var labeled: (gain: S, offset: S)
  var nested: ((S, S), Affine<S>)
}

/// `let` closures, `let` hyperparameters and a `var` closure: all structure.
struct WithClosures<S: VectorScalar>: Model {
  typealias Scalar = S
  let activation: (S) -> S
  var weights: [S]
  let learningRate: Double
  var callback: () -> Void
  var temperature: S
}

/// Arrays of arrays, and an array of models holding tuples: structure found per instance.
struct Deep<S: VectorScalar>: Model {
  typealias Scalar = S
  var grid: [[S]]
  var blocks: [Tupled<S>]
  var tail: TwoAffine<S>
}

/// Leaves all of one type (`[S]`) and all stored inline, in nested structs and tuples.
struct Uniform<S: VectorScalar>: Model {
  typealias Scalar = S
  struct Inner: Model {
    typealias Scalar = S
    var bias: [S]
    let label: String
  }
  var weights: [S]
  var pair: ([S], [S])
  var inner: Inner

  static func sample(_ seed: Int) -> Uniform {
    Uniform(
      weights: VectorSpaceTests.sample(seed, count: 3),
      pair: (
        VectorSpaceTests.sample(seed + 1, count: 2), VectorSpaceTests.sample(seed + 2, count: 1)
      ),
      inner: Inner(bias: VectorSpaceTests.sample(seed + 3, count: 4), label: "inner"))
  }
}

/// A vector space written by hand: a polynomial by its coefficients.
struct Polynomial: VectorSpace {
  typealias Scalar = Double
  var coefficients: [Double]
  var leafPaths: [LeafPath<Polynomial>] { [LeafPath(\.coefficients, name: "coefficients")] }
}

/// Deterministic sample values: `seed` picks a different vector of the same structure.
func sample<S: VectorScalar>(_ seed: Int, count: Int) -> [S] {
  (0..<count).map { i in S(((i * 7 + seed * 13) % 17) - 8) / 4 }
}

extension Affine {
  static func sample(_ seed: Int, width: Int = 3) -> Affine {
    Affine(weights: VectorSpaceTests.sample(seed, count: width), bias: S(seed) - 1.5)
  }
}

extension TwoAffine {
  static func sample(_ seed: Int) -> TwoAffine {
    TwoAffine(first: .sample(seed), second: .sample(seed + 1, width: 2), name: "two", width: 3)
  }
}

extension Tupled {
  static func sample(_ seed: Int) -> Tupled {
    Tupled(
      pair: (.sample(seed), VectorSpaceTests.sample(seed + 2, count: 2)),
      labeled: (gain: S(seed) + 0.5, offset: -S(seed)),
      nested: ((S(seed) * 0.25, 2), .sample(seed + 3, width: 1)))
  }
}
