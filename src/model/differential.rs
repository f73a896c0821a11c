//! The documented differential diagnosis (docs/wire-format.md, differential).

use crate::vocab::vocabulary;

vocabulary! {
    /// A condition class the clinician documents the need to tell apart.
    pub enum DifferentialCondition as "differential condition" {
        Myopathy = "myopathy": "A disease of muscle.",
        Neuropathy = "neuropathy": "A disease of peripheral nerve.",
        NeuromuscularJunction = "neuromuscular_junction": "A disorder of the neuromuscular junction.",
        MotorNeuronDisease = "motor_neuron_disease": "Motor neuron disease.",
        Other = "other": "Another condition.",
    }
}
