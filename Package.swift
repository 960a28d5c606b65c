// swift-tools-version: 6.0
//
// ProtoGrad for Swift: one manifest, a library product per micro-package, plus the umbrella.
//
// The layering is written once, as data: each layer names the layers it may import. Targets,
// paths, test targets and products are all derived from this table, so a new edge in the
// dependency graph is a one-line, reviewable change here.

import PackageDescription

/// A micro-package under `Packages/<name>/`: its module, its allowed dependencies and whether it
/// has a test target of its own.
struct Layer {
  let name: String
  let dependencies: [Target.Dependency]
  var testDependencies: [Target.Dependency] = []
}

let numerics: Target.Dependency = .product(name: "Numerics", package: "swift-numerics")
let argumentParser: Target.Dependency = .product(
  name: "ArgumentParser", package: "swift-argument-parser")

/// Bottom to top. A layer may depend only on layers above it in this list.
let layers: [Layer] = [
  Layer(name: "Parallelism", dependencies: []),
  Layer(name: "VectorSpace", dependencies: ["Parallelism"]),
  Layer(name: "Autodiff", dependencies: ["VectorSpace", numerics, "_WideKernels"]),
  Layer(name: "NNOps", dependencies: ["Autodiff", "Parallelism", "_CBLAS", "_WideKernels"]),
  Layer(name: "Layers", dependencies: ["NNOps"]),
  Layer(name: "Data", dependencies: ["Autodiff", "_Zlib"]),
  Layer(name: "Objectives", dependencies: ["Layers", "Data"]),
  Layer(name: "Optimizers", dependencies: ["Autodiff", "VectorSpace"]),
]

/// The umbrella re-exports every layer.
let umbrella = "ProtoGrad"

/// Executables under `Examples/<name>/`, built on the umbrella and the examples' shared support
/// (progress bar, options, the training loop); `Scripts/run <name>` runs one.
let examples = ["linear-regression", "fashion-mlp", "fashion-conv", "fashion-finetune"]

let libraryTargets: [Target] = layers.map { layer in
  .target(
    name: layer.name,
    dependencies: layer.dependencies,
    path: "Packages/\(layer.name)/Sources/\(layer.name)")
}

let layerTestTargets: [Target] = layers.map { layer in
  .testTarget(
    name: "\(layer.name)Tests",
    dependencies: [.byName(name: layer.name), "_TestSupport"] + layer.testDependencies,
    path: "Packages/\(layer.name)/Tests/\(layer.name)Tests")
}

/// A libFuzzer harness under `Fuzz/<name>/`: an executable that feeds its input to one parser of
/// files we did not write, through the modules it names. A normal build makes it a program that
/// replays the inputs given as arguments (see `Fuzz/README.md`); `Scripts/fuzz` builds it with
/// `--sanitize=fuzzer -Xswiftc -DLIBFUZZER`, which replaces that `main` with libFuzzer's.
struct FuzzTarget {
  let name: String
  let dependencies: [Target.Dependency]
}

/// The fuzz targets, apart from the layers: nothing depends on them.
let fuzzTargets: [FuzzTarget] = [
  FuzzTarget(name: "fuzz-idx", dependencies: ["Data", "_Zlib"]),
  FuzzTarget(name: "fuzz-safetensors", dependencies: ["Layers"]),
]

/// The harnesses and their shared replay program (`_FuzzSupport`, not API).
let fuzzingTargets: [Target] =
  [.target(name: "_FuzzSupport", path: "Fuzz/_FuzzSupport")]
  + fuzzTargets.map { fuzzTarget in
    .executableTarget(
      name: fuzzTarget.name,
      dependencies: fuzzTarget.dependencies + ["_FuzzSupport"],
      path: "Fuzz/\(fuzzTarget.name)")
  }

let package = Package(
  name: "ProtoGrad",
  platforms: [.macOS(.v15)],
  products: layers.map { .library(name: $0.name, targets: [$0.name]) }
    + [.library(name: umbrella, targets: [umbrella])],
  dependencies: [
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
  ],
  targets: libraryTargets + layerTestTargets + fuzzingTargets + [
    .systemLibrary(
      name: "_CBLAS",
      path: "Packages/NNOps/Sources/_CBLAS",
      pkgConfig: nil,
      providers: [.apt(["libopenblas-dev"])]),
    // Kernels in C for wider vector units than the Swift code's baseline, chosen at run time
    // (function-level target attributes: no unsafe flags, so the package stays usable as a
    // dependency).
    .target(name: "_WideKernels", path: "Packages/_WideKernels/Sources/_WideKernels"),
    .systemLibrary(
      name: "_Zlib",
      path: "Packages/Data/Sources/_Zlib",
      pkgConfig: nil,
      providers: [.apt(["zlib1g-dev"])]),
    .target(
      name: umbrella,
      dependencies: layers.map { .byName(name: $0.name) },
      path: "Packages/\(umbrella)/Sources/\(umbrella)"),
    .target(
      name: "_TestSupport",
      dependencies: ["Autodiff"],
      path: "Packages/_TestSupport/Sources/_TestSupport"),
    .testTarget(
      name: "ProtoGradTests",
      dependencies: [.byName(name: umbrella), "_TestSupport"],
      path: "Tests/ProtoGradTests"),
    .executableTarget(
      name: "protograd-bench",
      dependencies: [.byName(name: umbrella)],
      path: "Benchmarks/protograd-bench"),
    .target(
      name: "_ExampleSupport",
      dependencies: [.byName(name: umbrella), argumentParser],
      path: "Examples/_ExampleSupport"),
  ]
    + examples.map { example in
      .executableTarget(
        name: example,
        dependencies: [.byName(name: umbrella), "_ExampleSupport", argumentParser],
        path: "Examples/\(example)")
    }
)
