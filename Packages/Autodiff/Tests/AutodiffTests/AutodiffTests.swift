// The Autodiff tests arrive with the Autodiff package (see the open issues).
import Autodiff
