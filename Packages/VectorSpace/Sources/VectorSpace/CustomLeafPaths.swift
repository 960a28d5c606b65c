/// A model that lists its leaves itself (its own ``VectorSpace/leafPaths``) instead of having them
/// found by reflection over its stored properties.
///
/// Conform when a model names its parameters differently from its property names, as `Compose`
/// does to match PyTorch's `nn.Sequential` (`"0.weight"` rather than `"layers.0.weight"`). A model
/// that stores such a value as a property gets the value's own paths under the property's name
/// (`"features.0.weight"`), asked of the value on each use.
public protocol CustomLeafPaths: Model {}

/// A vector type every value of which has the same leaves (names, types and places), whatever
/// its contents: a model built of tensors, never of arrays of models.
///
/// Models found by reflection are recognized as such without conforming; conform a type that
/// lists its leaves itself (``CustomLeafPaths``) when its leaves never depend on the instance.
/// Operations then find the leaves once per type and, when they are all of one type and stored
/// inline, reach them by byte offset instead of visiting each one.
public protocol FixedLeafStructure: VectorSpace {}
