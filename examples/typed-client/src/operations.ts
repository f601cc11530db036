import { graphql } from './gql';

// The README's first queries ("First queries"), as typed operations: codegen reads these
// graphql() calls and types their results and variables from schema.gql.

export const Login = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
      expiresAt
    }
  }
`);

export const Brands = graphql(`
  query Brands {
    viewer { user { email } organization { name } isOrgAdmin }
    brands(first: 20) {
      totalCount
      edges { node { id name slug depth path viewerPermissions } }
    }
  }
`);

export const BrandTree = graphql(`
  query BrandTree {
    brands(filter: { rootsOnly: true }) {
      totalCount
      edges {
        node {
          id name slug depth
          children(first: 10) {
            edges { node { id name path viewerPermissions profiles { edges { node { network handle status } } } } }
          }
        }
      }
    }
  }
`);

export const Inbox = graphql(`
  query Inbox($brandId: ID!) {
    inbox(filter: { brandId: $brandId }, order: URGENT, first: 10) {
      totalCount
      edges { node { id kind about status body dueAt slaState author { handle } assignee { email } moderation { ruleName matched actions } } }
    }
  }
`);
