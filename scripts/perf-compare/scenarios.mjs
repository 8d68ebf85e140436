// Generates N scenarios in iamsim's scenario format (docs/scenario.md):
// five everyday shapes (conditions on IP and MFA, a boundary capping admin
// rights, an SCP denying regions, a cross-account bucket policy, tag-based
// access), each varied by index so that decisions vary too. Deterministic.

const ACCOUNT = '111122223333'
const OTHER_ACCOUNT = '444455556666'
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'eu-central-1']
const TEAMS = ['dev', 'ops', 'data']

const doc = (...statements) => ({ Version: '2012-10-17', Statement: statements })

function s3WithConditions(i) {
  const user = `user${i}`
  return {
    request: {
      principal: `arn:aws:iam::${ACCOUNT}:user/${user}`,
      action: i % 3 === 0 ? 's3:PutObject' : 's3:GetObject',
      resource: `arn:aws:s3:::app-uploads/home/${i % 5 === 0 ? 'someone-else' : user}/file${i}.txt`,
      resourceAccount: ACCOUNT,
      context: {
        'aws:SourceIp': i % 7 === 0 ? '203.0.113.9' : `10.${i % 250}.2.3`,
        'aws:MultiFactorAuthPresent': i % 11 === 0 ? 'false' : 'true',
        // Given rather than derived, so that iam-simulate (which derives none) sees it too.
        'aws:username': user,
      },
    },
    identityPolicies: [
      {
        name: 'app-s3-access',
        document: doc(
          {
            Sid: 'ReadWriteOwnHome',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: 'arn:aws:s3:::app-uploads/home/${aws:username}/*',
            Condition: {
              IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] },
              Bool: { 'aws:MultiFactorAuthPresent': 'true' },
            },
          },
          { Sid: 'NoDeletes', Effect: 'Deny', Action: 's3:Delete*', Resource: '*' },
        ),
      },
    ],
  }
}

function boundaryCapsAdmin(i) {
  const actions = ['s3:ListBucket', 'ec2:RunInstances', 'logs:PutLogEvents', 'iam:CreateUser']
  const action = actions[i % actions.length]
  const resources = {
    's3:ListBucket': 'arn:aws:s3:::team-bucket',
    'ec2:RunInstances': `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/*`,
    'logs:PutLogEvents': `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:app:log-stream:main`,
    'iam:CreateUser': `arn:aws:iam::${ACCOUNT}:user/new${i}`,
  }
  return {
    request: {
      principal: `arn:aws:iam::${ACCOUNT}:role/developer${i % 10}`,
      action,
      resource: resources[action],
      resourceAccount: ACCOUNT,
      context: {},
    },
    identityPolicies: [
      { name: 'AdministratorAccess', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
    ],
    permissionsBoundary: {
      name: 'dev-boundary',
      document: doc({ Effect: 'Allow', Action: ['s3:*', 'logs:*', 'cloudwatch:*'], Resource: '*' }),
    },
  }
}

function scpDeniesRegions(i) {
  return {
    request: {
      principal: `arn:aws:iam::${ACCOUNT}:user/ops${i % 20}`,
      action: 'ec2:DescribeInstances',
      resource: '*',
      resourceAccount: ACCOUNT,
      context: { 'aws:RequestedRegion': REGIONS[i % REGIONS.length] },
    },
    identityPolicies: [
      { name: 'ec2-read', document: doc({ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }) },
    ],
    serviceControlPolicies: [
      { name: 'Root', policies: [{ name: 'FullAWSAccess', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }] },
      {
        name: 'ou-prod',
        policies: [
          {
            name: 'deny-regions',
            document: doc(
              { Effect: 'Allow', Action: '*', Resource: '*' },
              {
                Sid: 'DenyOutsideEurope',
                Effect: 'Deny',
                NotAction: ['iam:*', 'sts:*', 'organizations:*'],
                Resource: '*',
                Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
              },
            ),
          },
        ],
      },
    ],
  }
}

function crossAccountBucket(i) {
  const trusted = i % 4 !== 0
  return {
    request: {
      principal: `arn:aws:iam::${OTHER_ACCOUNT}:role/reader${i % 3}`,
      action: 's3:GetObject',
      resource: `arn:aws:s3:::shared-reports/2024/report${i}.csv`,
      resourceAccount: ACCOUNT,
      context: {},
    },
    identityPolicies: i % 5 === 0 ? [] : [
      { name: 'read-shared-reports', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-reports/*' }) },
    ],
    resourcePolicy: {
      name: 'bucket policy',
      document: doc({
        Sid: 'AllowPartnerAccount',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${trusted ? OTHER_ACCOUNT : '999988887777'}:root` },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::shared-reports', 'arn:aws:s3:::shared-reports/*'],
      }),
    },
  }
}

function tagBasedAccess(i) {
  const team = TEAMS[i % TEAMS.length]
  const resourceTeam = TEAMS[(i >> 1) % TEAMS.length]
  return {
    request: {
      principal: `arn:aws:iam::${ACCOUNT}:role/${team}-engineer`,
      action: i % 2 === 0 ? 'ec2:StartInstances' : 'ec2:StopInstances',
      resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-${(1e12 + i).toString(16)}`,
      resourceAccount: ACCOUNT,
      context: { 'aws:PrincipalTag/team': team, 'aws:ResourceTag/team': resourceTeam },
    },
    identityPolicies: [
      {
        name: 'abac-ec2',
        document: doc({
          Sid: 'StartStopOwnTeam',
          Effect: 'Allow',
          Action: ['ec2:StartInstances', 'ec2:StopInstances'],
          Resource: `arn:aws:ec2:*:${ACCOUNT}:instance/*`,
          Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
        }),
      },
    ],
  }
}

const SHAPES = [s3WithConditions, boundaryCapsAdmin, scpDeniesRegions, crossAccountBucket, tagBasedAccess]

/** Scenario i has shape i mod 5, varied by its number within that shape. */
export function generate(n) {
  return Array.from({ length: n }, (_, i) => SHAPES[i % SHAPES.length](Math.floor(i / SHAPES.length)))
}
