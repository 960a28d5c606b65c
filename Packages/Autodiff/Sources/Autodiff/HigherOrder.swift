// Second-order and forward-mode products, exact: built from nested reverse passes whose
// pullbacks are themselves recorded (see `differentiableOperation`).

/// The Hessian of `f` at `x` applied to `v`: `∇²f(x) · v`, exactly (reverse over reverse, not a
/// finite difference).
///
/// It is the gradient of `x ↦ ⟨∇f(x), v⟩`; the inner gradient is recorded on an outer tape.
///
/// ```swift
/// // f(x) = Σ xᵢ³  ⇒  ∇²f(x)·v = 6 x ⊙ v
/// hessianVectorProduct(at: Tensor<Double>([1, 2]), along: Tensor([1, 1])) { x in (x * x * x).sum() }
/// // Tensor([6, 12])
/// ```
///
/// - Precondition: `f(x)` has exactly one element; `v` has the structure of `x`.
public func hessianVectorProduct<Input: VectorSpace>(
  at x: Input, along v: Input, in f: (Input) -> Tensor<Input.Scalar>
) -> Input where Input.Scalar: TensorScalar {
  withoutActuallyEscaping(f) { f in
    gradient(at: x) { x in differentiableDot(gradient(at: x, in: f), v) }
  }
}

/// The directional derivative of `f` at `x` along `v` (a Jacobian–vector product, `J·v`),
/// exactly.
///
/// Computed by differentiating the pullback: `J·v = ∇ᵤ ⟨Jᵀu, v⟩`, which is linear in `u`, so
/// its gradient at `u = 0` is `J·v`.
///
/// ```swift
/// directionalDerivative(at: Tensor<Double>([1, 2]), along: Tensor([1, 0])) { x in x * x }
/// // Tensor([2, 0])
/// ```
public func directionalDerivative<Input: VectorSpace>(
  at x: Input, along v: Input, in f: (Input) -> Tensor<Input.Scalar>
) -> Tensor<Input.Scalar> where Input.Scalar: TensorScalar {
  withoutActuallyEscaping(f) { f in
    let outputShape = f(withoutDerivative(at: x)).shape
    return gradient(at: Tensor<Input.Scalar>.zeros(shape: outputShape)) { u in
      differentiableDot(pullback(at: x, in: f)(u), v)
    }
  }
}
