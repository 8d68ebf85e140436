use super::words;

words! {
    /// The steps of AWS's evaluation flowchart, in order.
    pub enum StepKind {
        /// A rule AWS applies outside the policies (a call that needs no
        /// permission, a resource no one can change); in the trace only when
        /// one decides.
        AwsRules = "awsRules",
        DenyEvaluation = "denyEvaluation",
        ResourceControlPolicies = "resourceControlPolicies",
        ServiceControlPolicies = "serviceControlPolicies",
        VpcEndpointPolicy = "vpcEndpointPolicy",
        ResourcePolicy = "resourcePolicy",
        IdentityPolicies = "identityPolicies",
        PermissionsBoundary = "permissionsBoundary",
        SessionPolicy = "sessionPolicy",
    }
}

words! {
    /// What a step concluded.
    pub enum StepOutcome {
        /// An explicit deny: evaluation ends, denied.
        ExplicitDeny = "explicitDeny",
        /// Nothing allowed where an allow was needed: evaluation ends, denied.
        ImplicitDeny = "implicitDeny",
        /// This step allowed the request and evaluation ends, allowed.
        Allow = "allow",
        /// The step let the request through to the next step.
        Continue = "continue",
        /// The step does not apply to this request (why is in the summary).
        NotApplicable = "notApplicable",
    }
}
