/// A model that lists its leaves itself (its own ``VectorSpace/leafPaths``) instead of having them
/// found by reflection over its stored properties.
///
/// Conform when a model names its parameters differently from its property names, as `Compose`
/// does to match PyTorch's `nn.Sequential` (`"0.weight"` rather than `"layers.0.weight"`). A model
/// that stores such a value as a property gets the value's own paths under the property's name
/// (`"features.0.weight"`), asked of the value on each use.
public protocol CustomLeafPaths: Model {}
