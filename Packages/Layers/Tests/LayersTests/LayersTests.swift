// The Layers tests arrive with the Layers package (see the open issues).
import Layers
