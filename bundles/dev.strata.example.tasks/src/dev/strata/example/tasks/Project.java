/**
 * SPDX-License-Identifier: EPL-2.0
 */
package dev.strata.example.tasks;

import org.eclipse.emf.common.util.EList;

import org.eclipse.emf.ecore.EObject;

/**
 * <!-- begin-user-doc -->
 * A representation of the model object '<em><b>Project</b></em>'.
 * <!-- end-user-doc -->
 *
 * <p>
 * The following features are supported:
 * </p>
 * <ul>
 *   <li>{@link dev.strata.example.tasks.Project#getName <em>Name</em>}</li>
 *   <li>{@link dev.strata.example.tasks.Project#getDescription <em>Description</em>}</li>
 *   <li>{@link dev.strata.example.tasks.Project#getTasks <em>Tasks</em>}</li>
 *   <li>{@link dev.strata.example.tasks.Project#getCoordinators <em>Coordinators</em>}</li>
 *   <li>{@link dev.strata.example.tasks.Project#getTags <em>Tags</em>}</li>
 * </ul>
 *
 * @see dev.strata.example.tasks.TasksPackage#getProject()
 * @model
 * @generated
 */
public interface Project extends EObject {
	/**
	 * Returns the value of the '<em><b>Name</b></em>' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Name</em>' attribute.
	 * @see #setName(String)
	 * @see dev.strata.example.tasks.TasksPackage#getProject_Name()
	 * @model id="true"
	 * @generated
	 */
	String getName();

	/**
	 * Sets the value of the '{@link dev.strata.example.tasks.Project#getName <em>Name</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @param value the new value of the '<em>Name</em>' attribute.
	 * @see #getName()
	 * @generated
	 */
	void setName(String value);

	/**
	 * Returns the value of the '<em><b>Description</b></em>' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Description</em>' attribute.
	 * @see #setDescription(String)
	 * @see dev.strata.example.tasks.TasksPackage#getProject_Description()
	 * @model
	 * @generated
	 */
	String getDescription();

	/**
	 * Sets the value of the '{@link dev.strata.example.tasks.Project#getDescription <em>Description</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @param value the new value of the '<em>Description</em>' attribute.
	 * @see #getDescription()
	 * @generated
	 */
	void setDescription(String value);

	/**
	 * Returns the value of the '<em><b>Tasks</b></em>' containment reference list.
	 * The list contents are of type {@link dev.strata.example.tasks.Task}.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Tasks</em>' containment reference list.
	 * @see dev.strata.example.tasks.TasksPackage#getProject_Tasks()
	 * @model containment="true"
	 * @generated
	 */
	EList<Task> getTasks();

	/**
	 * Returns the value of the '<em><b>Coordinators</b></em>' containment reference list.
	 * The list contents are of type {@link dev.strata.example.tasks.Coordinator}.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Coordinators</em>' containment reference list.
	 * @see dev.strata.example.tasks.TasksPackage#getProject_Coordinators()
	 * @model containment="true"
	 * @generated
	 */
	EList<Coordinator> getCoordinators();

	/**
	 * Returns the value of the '<em><b>Tags</b></em>' containment reference list.
	 * The list contents are of type {@link dev.strata.example.tasks.Tag}.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Tags</em>' containment reference list.
	 * @see dev.strata.example.tasks.TasksPackage#getProject_Tags()
	 * @model containment="true"
	 * @generated
	 */
	EList<Tag> getTags();

} // Project
