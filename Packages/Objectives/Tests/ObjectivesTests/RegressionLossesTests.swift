import Objectives
import XCTest
import _TestSupport

final class RegressionLossesTests: XCTestCase {
  func testMeanSquaredErrorAveragesOverEveryElement() {
    let predicted = Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3, 4])
    let expected = Tensor<Double>(shape: [2, 2], scalars: [0, 4, 3, 1])
    // (1 + 4 + 0 + 9) / 4
    XCTAssertEqual(meanSquaredError(predicted: predicted, expected: expected).scalar, 3.5)
    XCTAssertEqual(
      meanSquaredError(predicted: Tensor<Double>([1, 2]), expected: Tensor([0, 4])).scalar, 2.5)
  }

  func testMeanAbsoluteErrorAveragesOverEveryElement() {
    let predicted = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
    let expected = Tensor<Float>(shape: [2, 2], scalars: [0, 4, 3, 1])
    XCTAssertEqual(meanAbsoluteError(predicted: predicted, expected: expected).scalar, 1.5)
  }

  func testGradientsAgreeWithFiniteDifferences() {
    let predicted = testTensor([3, 4], seed: 1)
    let expected = testTensor([3, 4], seed: 2)
    assertGradientIsCorrect(at: predicted) { meanSquaredError(predicted: $0, expected: expected) }
    assertGradientIsCorrect(at: expected) { meanSquaredError(predicted: predicted, expected: $0) }
    assertGradientIsCorrect(at: predicted) { meanAbsoluteError(predicted: $0, expected: expected) }
    assertHessianVectorProductIsCorrect(at: predicted, along: testTensor([3, 4], seed: 3)) {
      meanSquaredError(predicted: $0, expected: expected)
    }
  }

  func testClosedFormGradientOfTheMeanSquaredError() {
    let predicted = testTensor([5, 2], seed: 4)
    let expected = testTensor([5, 2], seed: 5)
    let g = gradient(at: predicted) { meanSquaredError(predicted: $0, expected: expected) }
    assertSameScalars(g.scalars, ((2.0 / 10) * (predicted - expected)).scalars, "∂MSE", 1e-14)
  }

  func testShapeMismatchIsReportedWithBothShapes() {
    assertPreconditionFailure(self, containing: "meanSquaredError", "[2, 3]", "[3, 2]") {
      _ = meanSquaredError(
        predicted: Tensor<Double>.zeros(shape: [2, 3]), expected: Tensor.zeros(shape: [3, 2]))
    }
  }
}
