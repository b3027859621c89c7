// The signed-in caller. Pages hide or disable the actions its role may not take; the API refuses them anyway.
const roles = ['viewer', 'analyst', 'operator', 'admin'];

export const session = {
  name: null,
  role: null,
  may(role) {
    return this.role !== null && roles.indexOf(this.role) >= roles.indexOf(role);
  },
};
